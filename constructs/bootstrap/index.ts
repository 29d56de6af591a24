export * from "./secure-bucket";
export * from "./state-backend";
export * from "./terraform-roles";
export * from "./github-subjects";
export * from "./service-linked-roles";
export * from "./break-glass";
