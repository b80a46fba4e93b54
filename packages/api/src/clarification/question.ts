/** What a clarifying question asks about, in the order the policy asks. */
export type ClarificationField = 'product_type' | 'budget' | 'feature';

export interface ClarificationQuestion {
  field: ClarificationField;
  question: string;
  /** Short answers to offer as buttons; each one reads back through the requirement extractor. */
  suggestions: string[];
}
