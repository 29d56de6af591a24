import { Construct } from "constructs";
import { BudgetsBudget, type BudgetsBudgetNotification } from "@cdktf/provider-aws/lib/budgets-budget";
import { PropsProblems } from "../kit/validation";

/** Alert when the month is forecast to reach 80% of the budget, and when 100% is actually spent. */
export const BUDGET_ALERTS: readonly { readonly thresholdPercent: number; readonly type: "FORECASTED" | "ACTUAL" }[] = [
  { thresholdPercent: 80, type: "FORECASTED" },
  { thresholdPercent: 100, type: "ACTUAL" },
];

export interface CostBudgetsProps {
  readonly organizationName: string;
  /** Monthly budget of the whole organization, USD. */
  readonly organizationMonthlyUsd: number;
  /** Monthly budget per member or management account, USD. */
  readonly accounts: readonly { readonly name: string; readonly id: string; readonly monthlyBudgetUsd: number }[];
  readonly alertEmails: readonly string[];
}

/**
 * AWS Budgets in the management account (it sees every linked account's cost): one for the
 * organization and one per account, filtered by linked account, each alerting per BUDGET_ALERTS.
 */
export class CostBudgets extends Construct {
  constructor(scope: Construct, id: string, props: CostBudgetsProps) {
    super(scope, id);
    const problems = new PropsProblems(this);
    problems.require(props.organizationMonthlyUsd > 0, "organizationMonthlyUsd", props.organizationMonthlyUsd, "a positive amount");
    for (const a of props.accounts) {
      problems.require(a.monthlyBudgetUsd > 0, `accounts.${a.name}.monthlyBudgetUsd`, a.monthlyBudgetUsd, "a positive amount");
      problems.require(/^\d{12}$/.test(a.id), `accounts.${a.name}.id`, a.id, "12 digits");
    }
    problems.require(
      props.alertEmails.length >= 1 && props.alertEmails.length <= 10,
      "alertEmails",
      props.alertEmails,
      "1 to 10 addresses (AWS Budgets allows 10 per notification)",
    );
    problems.throwIfAny();

    const notification: BudgetsBudgetNotification[] = BUDGET_ALERTS.map((a) => ({
      comparisonOperator: "GREATER_THAN",
      threshold: a.thresholdPercent,
      thresholdType: "PERCENTAGE",
      notificationType: a.type,
      subscriberEmailAddresses: [...props.alertEmails],
    }));
    const budget = (budgetId: string, name: string, amount: number, linkedAccount?: string) =>
      new BudgetsBudget(this, budgetId, {
        name,
        budgetType: "COST",
        limitAmount: amount.toFixed(2),
        limitUnit: "USD",
        timeUnit: "MONTHLY",
        ...(linkedAccount ? { costFilter: [{ name: "LinkedAccount", values: [linkedAccount] }] } : {}),
        notification,
      });

    budget("organization", `${props.organizationName}-organization-monthly`, props.organizationMonthlyUsd);
    for (const a of props.accounts) budget(`account-${a.name}`, `${props.organizationName}-${a.name}-monthly`, a.monthlyBudgetUsd, a.id);
  }
}
