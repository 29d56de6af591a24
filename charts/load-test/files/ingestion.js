// Ingestion load test: posts batches of synthetic events to the capture endpoint at a constant
// arrival rate. Rate, duration and target come from environment variables set by the TestRun.
import http from "k6/http";
import { check } from "k6";

const eventsPerSecond = Number(__ENV.EVENTS_PER_SECOND);
const batchSize = Number(__ENV.BATCH_SIZE);
const requestsPerSecond = Math.max(1, Math.round(eventsPerSecond / batchSize));

export const options = {
  scenarios: {
    ingestion: {
      executor: "constant-arrival-rate",
      rate: requestsPerSecond,
      timeUnit: "1s",
      duration: `${__ENV.DURATION_MINUTES}m`,
      preAllocatedVUs: Math.min(2000, requestsPerSecond * 2),
      maxVUs: Math.min(5000, requestsPerSecond * 10),
    },
  },
  // The pass/fail bar of the run (runbooks/load-test.md, "Reading the results").
  thresholds: {
    http_req_failed: ["rate<0.001"],
    http_req_duration: ["p(99)<1000"],
    dropped_iterations: ["count<1"],
  },
};

function event(i) {
  return {
    event: "load_test_event",
    distinct_id: `load-test-${__VU}-${i % 1000}`,
    // ~1.2 KB per event, the raw size the sizing model assumes (lib/sizing/constants.ts).
    properties: { $lib: "k6-load-test", run: __ENV.RUN_ID, vu: __VU, iteration: __ITER, payload: "x".repeat(900) },
  };
}

export default function () {
  const batch = [];
  for (let i = 0; i < batchSize; i++) batch.push(event(i));
  const res = http.post(__ENV.TARGET_URL, JSON.stringify({ api_key: __ENV.PROJECT_TOKEN, batch }), {
    headers: { "Content-Type": "application/json" },
    tags: { name: "capture-batch" },
  });
  check(res, { accepted: (r) => r.status === 200 });
}
