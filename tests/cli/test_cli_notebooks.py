"""``candle notebooks DEST`` copies the kit's notebooks and never overwrites a changed one."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.cli import main
from kit.resources import NOTEBOOKS_DIR

SHIPPED = sorted(str(p.relative_to(NOTEBOOKS_DIR)) for p in NOTEBOOKS_DIR.rglob("*.ipynb"))


def copied(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.ipynb"))


def test_copies_every_notebook_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["notebooks", str(tmp_path / "mine")]) == 0
    assert copied(tmp_path / "mine") == SHIPPED
    assert "research/explore_export.ipynb" in SHIPPED
    for name in SHIPPED:
        assert (tmp_path / "mine" / name).read_bytes() == (NOTEBOOKS_DIR / name).read_bytes()
    out = capsys.readouterr().out
    assert f"Copied {len(SHIPPED)} notebooks to {(tmp_path / 'mine').resolve()}" in out
    assert "CANDLE_WORKSPACE=" in out


def test_a_second_run_leaves_unchanged_copies_alone(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    main(["notebooks", str(tmp_path)])
    (tmp_path / "01_licence.ipynb").unlink()
    capsys.readouterr()
    assert main(["notebooks", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Copied 1 notebook to" in out and "01_licence.ipynb" in out
    assert f"{len(SHIPPED) - 1} notebooks already there and unchanged." in out


def test_a_changed_notebook_is_never_overwritten(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    main(["notebooks", str(tmp_path)])
    mine = tmp_path / "03_reflect.ipynb"
    mine.write_text('{"my": "changes"}', encoding="utf-8")
    (tmp_path / "00_start_here.ipynb").unlink()
    capsys.readouterr()
    assert main(["notebooks", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("candle notebooks: Nothing was copied:")
    assert str(mine) in error and "Move them aside" in error
    assert mine.read_text(encoding="utf-8") == '{"my": "changes"}'
    assert not (tmp_path / "00_start_here.ipynb").exists()


def test_a_file_as_destination_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine", encoding="utf-8")
    assert main(["notebooks", str(target)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine"


def test_the_printed_command_opens_start_here_with_the_kits_settings(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """JupyterLab started as `candle notebooks DEST` says (the kit's --config, DEST as its root)
    opens on Start here as an app: no 404 for a missing notebooks/ folder."""
    import shlex
    import subprocess
    import urllib.request

    from browser_support import lab_command, wait_until_up
    from notebook_support import notebook_env
    from processes import free_port, stop

    from kit.resources import SERVER_CONFIG
    from kit.store.workspace import Settings, Workspace

    assert main(["notebooks", str(tmp_path / "pages")]) == 0
    said = capsys.readouterr().out.split("Open them with: ", 1)[1].strip()
    words = shlex.split(said)
    env = dict(word.split("=", 1) for word in words[:words.index("jupyter")])
    options = words[words.index("lab") + 1:]
    assert f"--config={SERVER_CONFIG}" in options
    assert f"--ServerApp.root_dir={(tmp_path / 'pages').resolve()}" in options
    workspace = Workspace.create(tmp_path / "workspace", Settings(name="Mine")).root
    env.pop("CANDLE_WORKSPACE")  # the placeholder: this test's workspace instead
    port, token, log = free_port(), "a-test-token", tmp_path / "lab.log"
    command = [arg for arg in lab_command(port, token, tmp_path / "unused", options)
               if not arg.startswith("--ServerApp.root_dir=" + str(tmp_path / "unused"))]
    with open(log, "w", encoding="utf-8") as handle:
        process = subprocess.Popen(command, env=notebook_env(workspace, **env), cwd=tmp_path,
                                   stdin=subprocess.DEVNULL, stdout=handle, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, token, process, log)
        with urllib.request.urlopen(f"{url}/?token={token}", timeout=120) as reply:
            assert reply.status == 200 and reply.url.split("?")[0].endswith(
                "/voila/render/00_start_here.ipynb"), reply.url
            page = b""
            while b'id="Start-here"' not in page and (chunk := reply.read1(65536)):
                page += chunk  # its heading comes before its cells run: no need to wait for them
            assert b'<h1 id="Start-here"' in page, page.decode("utf-8")[-3000:]
    finally:
        stop(process)
