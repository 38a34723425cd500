"""Execute one notebook on a Jupyter kernel and save the executed copy (outputs included).

Driver for `empathy-lab reproduce` (src/notebook/execute.ts). Runs with the Python that has
nbconvert (Debian's /usr/bin/python3), through nbconvert's ExecutePreprocessor:

    python3 scripts/execute_notebook.py --kernel NAME --timeout SECONDS --result RESULT.json [--cell-times] IN OUT

The executed notebook is written to OUT even when a cell fails (cells up to the failing one carry
their outputs; later cells are left unexecuted), so the failure can be inspected. The outcome is
written as JSON to RESULT.json:

    {"status": "ok" | "cell_error" | "timeout" | "kernel_error", "cell_count": n,
     "cell_index": i (0-based, failing cell), "execution_count": k, "source": "...",
     "stderr": "...", "stdout": "...", "ename": "...", "evalue": "...", "message": "..."}

tslab reports a failing cell with empty ename/evalue and writes the real message (type errors,
stack traces) to the cell's stderr stream, so "stderr" holds the text to show.

Outputs are kept free of run-dependent values: no execution timings (record_timing=False), and
stale timing metadata and outputs from the input notebook are cleared before execution.

Exit status: 0 when every cell ran, 1 when a cell failed or timed out, 2 for any other error.
"""

import argparse
import json
import sys
import time
import traceback

import nbformat
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert.preprocessors import ExecutePreprocessor

TIMING_KEYS = ("execution", "ExecuteTime")
RUN_LOG_PREFIX = "[empathy-lab run log] "  # src/notebook/run-log.ts


class TrackingExecutePreprocessor(ExecutePreprocessor):
    """ExecutePreprocessor that remembers the index of the cell being executed."""

    current_index = -1
    cell_times = False

    def preprocess_cell(self, cell, resources, index):
        # tslab sends no execute_input message, so nbclient would leave every execution_count
        # empty; number the code cells 1, 2, ... as `jupyter nbconvert --execute` shows them.
        self.current_index = index
        self._check_assign_resources(resources)
        started = time.monotonic()
        cell = self.execute_cell(cell, index, execution_count=self.code_cells_executed + 1, store_history=True)
        if self.cell_times and cell.cell_type == "code":
            # to the run log (the terminal), never into the notebook
            print(f"{RUN_LOG_PREFIX}cell {index + 1}: {time.monotonic() - started:.2f} s", file=sys.stderr, flush=True)
        return cell, self.resources


def clear_run_state(nb):
    """Removes outputs, execution counts and timing metadata left in the input notebook."""
    for cell in nb.cells:
        for key in TIMING_KEYS:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None


def stream_text(cell, name):
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == name)


def error_outputs(cell):
    return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def describe_cell(nb, index):
    cell = nb.cells[index]
    errors = error_outputs(cell)
    return {
        "cell_index": index,
        "execution_count": cell.get("execution_count"),
        "source": cell.get("source", ""),
        "stderr": stream_text(cell, "stderr"),
        "stdout": stream_text(cell, "stdout"),
        "ename": errors[0].get("ename", "") if errors else "",
        "evalue": errors[0].get("evalue", "") if errors else "",
        "traceback": "\n".join(errors[0].get("traceback", [])) if errors else "",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--kernel", required=True, help="kernelspec name (found through JUPYTER_PATH)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    parser.add_argument("--cwd", default=None, help="working directory given to the kernel manager")
    parser.add_argument("--result", required=True, help="file receiving the JSON outcome")
    parser.add_argument("--cell-times", action="store_true", help="print each code cell's wall time to stderr as a run-log line")
    args = parser.parse_args()

    nb = nbformat.read(args.input, as_version=4)
    clear_run_state(nb)
    result = {"status": "ok", "cell_count": len(nb.cells)}
    ep = TrackingExecutePreprocessor(kernel_name=args.kernel, timeout=args.timeout, record_timing=False)
    ep.cell_times = args.cell_times
    resources = {"metadata": {"path": args.cwd}} if args.cwd else {}
    code = 0
    try:
        ep.preprocess(nb, resources)
    except CellExecutionError as e:
        result.update(describe_cell(nb, ep.current_index))
        result.update(status="cell_error", message=str(e))
        code = 1
    except CellTimeoutError as e:
        result.update(describe_cell(nb, ep.current_index))
        result.update(status="timeout", message=str(e))
        code = 1
    except DeadKernelError as e:
        if ep.current_index >= 0:
            result.update(describe_cell(nb, ep.current_index))
        result.update(status="kernel_error", message="the kernel died: " + str(e))
        code = 2
    except Exception as e:  # kernel failed to start, bad kernelspec, ...
        result.update(status="kernel_error", message="".join(traceback.format_exception_only(type(e), e)).strip())
        code = 2
    for cell in nb.cells:
        for key in TIMING_KEYS:
            cell.metadata.pop(key, None)
    nbformat.write(nb, args.output)
    if code == 0:
        # Every cell ran just now, for this user, as if run in the Notebook UI: record the executed copy
        # as trusted (in Jupyter's signature database, not in the file, which stays the same), so that
        # classic Notebook shows its HTML and JavaScript outputs (the plotly figures) when it is opened.
        try:
            from nbformat.sign import NotebookNotary

            NotebookNotary().sign(nb)
            result["trusted"] = True
        except Exception as e:  # no sqlite, read-only home, ...: the copy opens untrusted
            result["trusted"] = False
            result["trust_error"] = str(e)
    with open(args.result, "w", encoding="utf-8") as f:
        json.dump(result, f)
    return code


if __name__ == "__main__":
    sys.exit(main())
