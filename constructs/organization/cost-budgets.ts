import { Construct } from "constructs";
import { BudgetsBudget, type BudgetsBudgetNotification } from "@cdktf/provider-aws/lib/budgets-budget";

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
    const problems: string[] = [];
    const amounts = [{ name: "organization", monthlyBudgetUsd: props.organizationMonthlyUsd }, ...props.accounts];
    for (const a of amounts)
      if (!(a.monthlyBudgetUsd > 0)) problems.push(`monthlyBudgetUsd of ${a.name} must be a positive amount, got ${a.monthlyBudgetUsd}`);
    for (const a of props.accounts) if (!/^\d{12}$/.test(a.id)) problems.push(`account ${a.name} id must be 12 digits, got "${a.id}"`);
    if (props.alertEmails.length === 0) problems.push("alertEmails must list at least one address, got none");
    if (props.alertEmails.length > 10)
      problems.push(`alertEmails may list at most 10 addresses per notification (AWS Budgets quota), got ${props.alertEmails.length}`);
    if (problems.length > 0) throw new Error(`CostBudgets:\n- ${problems.join("\n- ")}`);

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
