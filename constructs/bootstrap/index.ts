export * from "./secure-bucket";
export * from "./state-backend";
export * from "./terraform-roles";
