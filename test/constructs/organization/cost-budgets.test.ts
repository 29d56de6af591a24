import { CostBudgets, type CostBudgetsProps } from "../../../constructs/organization/cost-budgets";
import { resourcesOf } from "../../helpers/synth";
import { scratchStack } from "./stack";

const base: CostBudgetsProps = {
  organizationName: "acme",
  organizationMonthlyUsd: 1000,
  accounts: [{ name: "prod", id: "222222222222", monthlyBudgetUsd: 600 }],
  alertEmails: ["ops@example.com"],
};
const build = (over: Partial<CostBudgetsProps> = {}) => {
  const s = scratchStack();
  new CostBudgets(s.stack, "Budgets", { ...base, ...over });
  return s.synth();
};

describe("CostBudgets", () => {
  test("defaults are secure: every budget notifies at 80% forecast and 100% actual", () => {
    const budgets = Object.values(resourcesOf(build(), "aws_budgets_budget"));
    expect(budgets.map((b) => [b.name, b.limit_amount]).sort()).toEqual([
      ["acme-organization-monthly", "1000.00"],
      ["acme-prod-monthly", "600.00"],
    ]);
    for (const b of budgets) {
      expect(b.notification).toEqual([
        expect.objectContaining({ notification_type: "FORECASTED", threshold: 80, subscriber_email_addresses: ["ops@example.com"] }),
        expect.objectContaining({ notification_type: "ACTUAL", threshold: 100 }),
      ]);
    }
  });

  test("throws when an amount is not positive", () => {
    expect(() => build({ accounts: [{ name: "prod", id: "222222222222", monthlyBudgetUsd: 0 }] })).toThrow(
      "test/Budgets: accounts.prod.monthlyBudgetUsd: a positive amount (got 0)",
    );
  });
  test("throws when an account id is not 12 digits", () => {
    expect(() => build({ accounts: [{ name: "prod", id: "22", monthlyBudgetUsd: 5 }] })).toThrow(
      'test/Budgets: accounts.prod.id: 12 digits (got "22")',
    );
  });
  test("throws when nobody would be alerted", () => {
    expect(() => build({ alertEmails: [] })).toThrow(
      "test/Budgets: alertEmails: 1 to 10 addresses (AWS Budgets allows 10 per notification) (got [])",
    );
  });
  test("throws when more addresses than AWS Budgets accepts per notification", () => {
    expect(() => build({ alertEmails: Array.from({ length: 11 }, (_, i) => `a${i}@example.com`) })).toThrow(
      'test/Budgets: alertEmails: 1 to 10 addresses (AWS Budgets allows 10 per notification) (got ["a0@example.com","a1@example.com","a2@example.com","a3@example.com","a4@example.com","a5@example.com","a6@example.com","a7@example.com","a8@example.com","a9@example.com","a10@example.com"])',
    );
  });
});
