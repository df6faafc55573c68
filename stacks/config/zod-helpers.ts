/** Schema pieces every part of the config's shape uses. */
import { z } from "zod";

/** A number; when it is not one, the message names the range its component will check. */
export const wholeNumber = (r: { readonly min: number; readonly max: number }) =>
    z.number({
        error: (i) => `must be a whole number between ${r.min} and ${r.max} (got ${JSON.stringify(i.input)})`,
    });
