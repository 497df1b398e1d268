export declare const MUST_BE_ZERO: RegExp;
export declare function badFigures(figures: { suite: string; target: string; outcomes: Record<string, number> }[]): string[];
