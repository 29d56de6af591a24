import { PropsError } from "../constructs/kit/validation";
import { ConfigError } from "./config/problems";
import { ANNOTATION_ERROR, describeSynthError } from "./policy/synth-error";

/**
 * The message to print, without a stack trace, when `err` is bad input rather than a bug: an
 * environment file the loader refused (ConfigError), props a construct refused (PropsError), or
 * policy findings cdktf reported as error annotations. Undefined for anything else, which keeps its
 * stack trace because it is a defect in this repository.
 */
export function inputErrorMessage(err: unknown): string | undefined {
  if (err instanceof ConfigError || err instanceof PropsError) return err.message;
  if (err instanceof Error && err.message.startsWith(ANNOTATION_ERROR)) return describeSynthError(err);
  return undefined;
}
