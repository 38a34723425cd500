/** Display labels for canonical source names (as the paper prints them); unknown names pass through. */
export const SOURCE_LABELS: Readonly<Record<string, string>> = {
  human: 'Human',
  gpt4: 'GPT4',
  gpt4_high: 'GPT4-high',
  gpt4_low: 'GPT4-low',
  llama2: 'Llama2',
  mistral: 'Mistral',
};

/** The paper's order of sources in tables and figures. */
export const SOURCE_ORDER: readonly string[] = ['human', 'gpt4', 'llama2', 'mistral', 'gpt4_low', 'gpt4_high'];

/** Label of a source, e.g. sourceLabel('gpt4_high') === 'GPT4-high'. */
export function sourceLabel(source: string): string {
  return SOURCE_LABELS[source] ?? source;
}
