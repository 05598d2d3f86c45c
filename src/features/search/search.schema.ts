import { z } from 'zod';
import { searchPhrases } from '../../db/full-text-search.ts';

const enterSomething = 'Enter a reference, a name or words from the concern';

/** The search box: 2 to 200 characters once trimmed, with at least one letter or number. */
export const searchForm = z.object({
  q: z
    .string({ error: enterSomething })
    .trim()
    .min(1, enterSomething)
    .min(2, 'Search terms must be 2 characters or more')
    .max(200, 'Search terms must be 200 characters or fewer')
    .refine((text) => searchPhrases(text).length > 0, 'Search terms must include letters or numbers'),
});
