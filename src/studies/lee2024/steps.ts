/** The Lee et al. (2024) study as the pipeline runs it: its data, then figures and report sharing one set of fits. */
import type { Study } from '../study';
import { ensureLee2024 } from './acquire';
import { Lee2024Context } from './context';
import { figuresStep } from './figures';
import { reportStep } from './report';

export const lee2024Study: Study = {
  name: 'lee2024',
  title: 'Lee, Suh, Zhan, Li & Ong (2024), Large Language Models Produce Responses Perceived to be Empathic',
  notebooks: ['01-study1-ratings.ipynb', '02-study2-ratings.ipynb', '03-linguistic-style.ipynb', '04-planning-a-followup.ipynb'],
  // wall seconds of a fresh-clone run, two at a time on the 2-core machine, kernel start included
  notebookSeconds: { '01-study1-ratings.ipynb': 28, '02-study2-ratings.ipynb': 22, '03-linguistic-style.ipynb': 36, '04-planning-a-followup.ipynb': 34 },
  ensureData: (log) => ensureLee2024({ log }),
  steps() {
    const ctx = new Lee2024Context();
    return [figuresStep(ctx), reportStep(ctx)];
  },
};
