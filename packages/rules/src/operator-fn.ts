/** An operator's callable, as json-rules-engine calls it: (fact value, condition value). */
export type OperatorFn = (factValue: unknown, value: unknown) => boolean;
