"""Execute the TypeScript notebooks and check them: the runner behind `npm run notebooks`.

    /usr/bin/python3 tools/run_notebooks.py notebooks/*.ipynb                # re-execute in place
    /usr/bin/python3 tools/run_notebooks.py --out /tmp/nb notebooks/*.ipynb  # write copies elsewhere
    /usr/bin/python3 tools/run_notebooks.py --test notebooks/*.ipynb         # npm test: into a temporary
                                                                             # folder, skipped if Jupyter is missing

For each notebook it checks the format (nbformat 4.5, every cell has an id, kernelspec `deno-local`),
type-checks the code cells (joined into one temporary .ts file beside the notebook, then
`deno check`), executes every cell with the project's Deno kernel, and checks the outputs each
cell declares in its metadata:

    "metadata": {"expect": {"mime": ["image/svg+xml", "image/png"], "text": ["accuracy 100%"]}}

`mime`: the cell must produce an output of each of these types; `text`: each string must appear in
what the cell printed (stdout) or returned (text/plain). Every cell that shows output must declare
it (the kernel can drop outputs, see GraceClient, and only a declared one is missed), and no cell
may write to stderr. Any failure exits with status 1 and leaves the notebook file untouched.

The notebooks run side by side (`--jobs`, one process each: a kernel mostly waits), and every code
cell prints a progress line as it finishes. With `--test`, missing Jupyter is reported as a skip with
the command that installs it, except when the environment variable CI is set: then it fails.

Needs Debian's Jupyter (`python3-nbclient`), hence /usr/bin/python3, and deno from node_modules.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from queue import Empty
from time import monotonic

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionComplete, CellExecutionError
    from nbclient.util import ensure_async
    MISSING = None
except ImportError as error:  # reported by main(), as a skip under --test
    MISSING = f'{sys.executable} cannot import {error.name} (Jupyter is not installed)'
    NotebookClient = object

INSTALL = ('DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y '
           '--no-install-recommends python3-nbclient jupyter-nbconvert')
ROOT = Path(__file__).resolve().parent.parent
KERNEL = 'deno-local'


class NotebookFailure(Exception):
    """A notebook that must not be written back, with the reason."""


class GraceClient(NotebookClient):
    """nbclient's executor, except that it keeps listening for a cell's output after `idle`.

    deno's kernel (2.9.6) sometimes publishes `status: idle` before the cell's output; nbclient
    stops reading at idle and silently drops that output (here, about one notebook run in ten lost
    something). So the cell's messages are still collected for `grace` seconds after idle. The next
    cell has not been sent yet, so nothing else can arrive in that window.
    """

    def __init__(self, nb, grace, name, **kw):
        super().__init__(nb, **kw)
        self.grace = grace
        self.name = name
        self.code_cells = sum(c.cell_type == 'code' for c in nb.cells)
        self.done = 0

    async def async_execute_cell(self, cell, cell_index, *args, **kw):
        started = monotonic()
        result = await super().async_execute_cell(cell, cell_index, *args, **kw)
        if cell.cell_type == 'code':
            self.done += 1
            print(f'     {self.name} cell {self.done:>2}/{self.code_cells} {cell.id} '
                  f'({monotonic() - started:.1f} s)', flush=True)
        return result

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        deadline = None  # set when idle arrives
        while True:
            timeout = None if deadline is None else max(0.0, deadline - monotonic())
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=timeout))
            except Empty:
                return
            if msg['parent_header'].get('msg_id') != parent_msg_id:
                continue
            try:
                self.process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                if deadline is None:
                    deadline = monotonic() + self.grace


def check_format(nb, name):
    nbformat.validate(nb)
    if (nb.nbformat, nb.nbformat_minor) < (4, 5):
        raise NotebookFailure(f'{name}: expected nbformat 4.5 or later (cell ids)')
    for i, cell in enumerate(nb.cells):
        if not cell.get('id'):
            raise NotebookFailure(f'{name}: cell {i} has no id')
    kernel = nb.metadata.get('kernelspec', {}).get('name')
    if kernel != KERNEL:
        raise NotebookFailure(f'{name}: expected kernelspec "{KERNEL}", found {kernel!r}')


def typecheck(nb, path):
    """Joins the code cells into a .ts file beside the notebook (so relative imports resolve) and
    runs `deno check` on it; errors are reported as notebook cell and line.

    Only errors in the notebook's own code count. Deno also checks the project files the cells
    import, under its own libraries, where the DOM-typed declarations of linkedom and Observable
    Plot resolve differently than under the project's tsconfig (which `npx tsc` checks); errors
    located there are counted and mentioned, not failed on.
    """
    lines, origin = [], []  # origin[k] = (cell id, line in cell) of line k + 1
    for cell in nb.cells:
        if cell.cell_type != 'code':
            continue
        for n, line in enumerate(cell.source.splitlines(), start=1):
            lines.append(line)
            origin.append((cell.id, n))
        lines.append('')
        origin.append((cell.id, 0))
    with tempfile.NamedTemporaryFile(
        'w', dir=path.parent, prefix=f'.{path.stem}-', suffix='.check.ts', delete=False
    ) as f:
        f.write('\n'.join(lines))
        ts = Path(f.name)
    try:
        with subprocess.Popen(
            ['deno', 'check', '--quiet', '--no-lock', ts.name],
            cwd=path.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env=os.environ,
        ) as check:
            started = monotonic()
            while True:
                try:
                    output = check.communicate(timeout=10)[0]
                    break
                except subprocess.TimeoutExpired:  # a line now and then, so a slow check is not silence
                    print(f'     {path.stem} still type-checking ({monotonic() - started:.0f} s)',
                          flush=True)
        result = subprocess.CompletedProcess(check.args, check.returncode, output, '')
    finally:
        ts.unlink()
    if result.returncode == 0:
        return
    output = result.stdout + result.stderr
    diagnostics = re.findall(r'^TS\d+ \[ERROR\].*?(?=^TS\d+ \[ERROR\]|^error: |^Found \d+ errors|\Z)',
                             output, re.M | re.S)
    notebook_dir = path.parent.as_uri() + '/'
    ours, elsewhere = [], 0
    for d in diagnostics:
        at = re.search(r'at (file://\S+?):(\d+):\d+', d)
        if at is None or at.group(1).startswith(notebook_dir):
            ours.append(d)
        else:
            elsewhere += 1
    if diagnostics and not ours:
        print(f'note {path.name}: deno check reported {elsewhere} error(s) in imported project files '
              '(not the notebook\'s code; `npx tsc` checks those)', flush=True)
        return

    def where(m):
        cell, line = origin[int(m.group(1)) - 1]
        return f'{path.name} cell "{cell}" line {line}'

    report = re.sub(rf'\S*{re.escape(ts.name)}:(\d+):\d+', where, ''.join(ours) or output)
    raise NotebookFailure(f'{path.name}: type errors\n{report.rstrip()}')


def shown(cell):
    """A cell's outputs as text, for a failure message."""
    parts = []
    for out in cell.get('outputs', []):
        if out.output_type == 'stream':
            parts.append(out.text)
        elif 'data' in out:
            parts.append(out.data.get('text/plain', ', '.join(out.data)))
        else:
            parts.append(f'{out.output_type}: {out.get("evalue", "")}')
    return ''.join(parts)[:2000]


def check_expectations(nb, name):
    declared = 0
    for cell in nb.cells:
        if cell.cell_type != 'code':
            continue
        printed, mimes = '', set()
        for out in cell.get('outputs', []):
            if out.output_type == 'stream' and out.name == 'stderr':
                raise NotebookFailure(f'{name}: cell "{cell.id}" wrote to stderr:\n{out.text}')
            if out.output_type == 'stream':
                printed += out.text
            if out.output_type in ('display_data', 'execute_result'):
                mimes.update(out.data.keys())
                printed += out.data.get('text/plain', '')
        expect = cell.metadata.get('expect', {})
        if cell.get('outputs') and not expect:
            raise NotebookFailure(
                f'{name}: cell "{cell.id}" shows output but declares none; list it in the cell\'s '
                f'metadata "expect", so that a run that loses it fails; it showed:\n{shown(cell)}'
            )
        for mime in expect.get('mime', []):
            declared += 1
            if mime not in mimes:
                raise NotebookFailure(f'{name}: cell "{cell.id}" produced no {mime} output')
        for text in expect.get('text', []):
            declared += 1
            if text not in printed:
                raise NotebookFailure(
                    f'{name}: cell "{cell.id}" did not print {text!r}; it printed:\n{printed}'
                )
    if declared == 0:
        raise NotebookFailure(f'{name}: declares no expected outputs (cell metadata "expect")')


def execute(nb, path, grace, timeout):
    client = GraceClient(
        nb, grace, path.stem, timeout=timeout, record_timing=False,
        resources={'metadata': {'path': str(path.parent)}},  # the kernel's cwd: imports are relative
    )
    try:
        client.execute()
    except CellExecutionError as e:
        raise NotebookFailure(f'{path.name}: a cell failed\n{e}') from None


def run_one(path, args):
    """Checks, type-checks and executes one notebook; writes it out if everything passed."""
    started = monotonic()
    try:
        nb = nbformat.read(path, as_version=4)
        check_format(nb, path.name)
        if not args.skip_typecheck:
            print(f'     {path.stem} type-checking its code cells', flush=True)
            typecheck(nb, path)
            print(f'     {path.stem} type-checked ({monotonic() - started:.1f} s); starting its kernel',
                  flush=True)
        execute(nb, path, args.grace, args.timeout)
        check_expectations(nb, path.name)
    except NotebookFailure as e:
        print(f'FAIL {e}', file=sys.stderr, flush=True)
        return False
    target = args.out / path.name if args.out else path
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    print(f'ok   {path.name} ({monotonic() - started:.1f} s) -> {target}', flush=True)
    return True


def run_side_by_side(paths, args):
    """One child process per notebook, `args.jobs` at a time; their lines go straight to ours."""
    passed = [a for a in sys.argv[1:] if not a.endswith('.ipynb') and a != '--test']
    if args.test:
        passed += ['--out', str(args.out)]
    waiting, running, failed = list(paths), [], 0
    while waiting or running:
        while waiting and len(running) < args.jobs:
            running.append(subprocess.Popen(
                [sys.executable, __file__, *passed, '--jobs', '1', str(waiting.pop(0))]))
        child = running.pop(0)
        failed += child.wait() != 0
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('notebooks', nargs='+', type=Path)
    parser.add_argument('--out', type=Path, help='write executed notebooks here (default: in place)')
    parser.add_argument('--test', action='store_true',
                        help='for npm test: write to a temporary folder; skip (not under CI) without Jupyter')
    parser.add_argument('--jobs', type=int, default=3, help='notebooks run at the same time')
    parser.add_argument('--grace', type=float, default=0.3, help='seconds to wait for output after idle')
    parser.add_argument('--timeout', type=int, default=600, help='seconds allowed per cell')
    parser.add_argument('--skip-typecheck', action='store_true')
    args = parser.parse_args()

    if MISSING:
        if args.test and not os.environ.get('CI'):
            print(f'skipped: the notebooks did not run: {MISSING}; install it with:\n  {INSTALL}',
                  flush=True)
            sys.exit(0)
        print(f'FAIL {MISSING}; install it with:\n  {INSTALL}', file=sys.stderr, flush=True)
        sys.exit(1)

    # The project-local kernelspec (jupyter/kernels/deno-local) starts `deno` from node_modules.
    os.environ['JUPYTER_PATH'] = os.pathsep.join(
        filter(None, [str(ROOT / 'jupyter'), os.environ.get('JUPYTER_PATH')])
    )
    os.environ['PATH'] = os.pathsep.join([str(ROOT / 'node_modules' / '.bin'), os.environ['PATH']])
    os.environ['NO_COLOR'] = '1'

    paths = [p.resolve() for p in args.notebooks]
    started = monotonic()
    temporary = None
    if args.test and args.out is None:
        # executed copies go to a temporary folder: the committed notebooks stay as they are
        temporary = tempfile.TemporaryDirectory(prefix='backprop-notebooks-')
        args.out = Path(temporary.name)
    try:
        if args.jobs > 1 and len(paths) > 1:
            print(f'notebooks: running {len(paths)}, {args.jobs} at a time', flush=True)
            failures = run_side_by_side(paths, args)
        else:
            failures = sum(not run_one(path, args) for path in paths)
    finally:
        if temporary:
            temporary.cleanup()
    if len(paths) > 1:
        print(f'notebooks: {len(paths) - failures} passed, {failures} failed '
              f'({monotonic() - started:.1f} s)', flush=True)
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
