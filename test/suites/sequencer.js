/**
 * The order jest starts the suites in: longest first, as measured (docs/performance.md, "npm test"),
 * so the two workers finish together. jest's own order needs the timings of an earlier run in its
 * cache; on a clean clone it starts the largest files first, and every suite file is the same few
 * lines, so the long ci suite could start last and run alone at the end. A suite missing here runs
 * after these, in jest's order.
 */
const Sequencer = require("@jest/test-sequencer").default;
const path = require("node:path");

/** Test files (base names) by measured duration, longest first. */
const LONGEST_FIRST = [
  "ci.suite.ts",
  "tools.suite.ts",
  "stacks.suite.ts",
  "policy.suite.ts",
  "constructs.suite.ts",
  "migration.suite.ts",
  "stacks.test.ts",
];

class LongestFirst extends Sequencer {
  sort(tests) {
    const rank = (t) => {
      const i = LONGEST_FIRST.indexOf(path.basename(t.path));
      return i === -1 ? LONGEST_FIRST.length : i;
    };
    const known = tests.filter((t) => rank(t) < LONGEST_FIRST.length).sort((a, b) => rank(a) - rank(b));
    return [...known, ...super.sort(tests.filter((t) => rank(t) === LONGEST_FIRST.length))];
  }
}

module.exports = LongestFirst;
module.exports.LONGEST_FIRST = LONGEST_FIRST;
