import { includeTests, SUITES } from "./include";

includeTests(SUITES["ci"]!);
