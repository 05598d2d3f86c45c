import { z } from 'zod';

export const informationAnswers = z.object({
  information: z
    .string({ error: 'Enter the new information' })
    .trim()
    .min(1, 'Enter the new information')
    .max(5000, 'The new information must be 5,000 characters or fewer'),
});
