import { fastTestFiles } from "./fast-tier";
import { includeFiles } from "./include";

includeFiles(fastTestFiles());
