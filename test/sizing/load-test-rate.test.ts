import { loadTestEventsPerSecond } from "../../lib/sizing/load-test-rate";

describe("load test rate", () => {
  test("is the average monthly rate times the headroom, rounded up", () => {
    // 2,592,000 seconds in a 30-day month.
    expect(loadTestEventsPerSecond(2_592_000, 1)).toBe(1);
    expect(loadTestEventsPerSecond(5e8, 3)).toBe(Math.ceil((5e8 / 2_592_000) * 3));
  });

  test("throws for a non-positive volume", () => {
    expect(() => loadTestEventsPerSecond(0, 3)).toThrow(/eventsPerMonth: 0 must be > 0/);
  });

  test("throws for headroom below 1", () => {
    expect(() => loadTestEventsPerSecond(1e9, 0.5)).toThrow(/headroomFactor: 0.5 must be >= 1/);
  });
});
