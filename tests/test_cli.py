import imageio.v3 as iio

import gdviz
from gdviz.cli import main

FAST = ["--size", "320x180", "--max-frames", "6", "--epochs", "30"]


def test_render_writes_the_file(tmp_path, capsys):
    out = tmp_path / "d.gif"
    assert main(["render", "-o", str(out), *FAST]) == 0
    assert iio.imread(out, index=None).shape == (6, 180, 320, 3)
    assert "wrote" in capsys.readouterr().out


def test_render_mp4(tmp_path):
    out = tmp_path / "d.mp4"
    assert main(["render", "-o", str(out), *FAST, "--fps", "10", "--panels", "fit,loss"]) == 0
    assert iio.immeta(out, plugin="FFMPEG")["size"] == (320, 180)


def test_train_then_render_the_history(tmp_path, capsys, gif_shows):
    run = tmp_path / "run.npz"
    assert main(["train", "-o", str(run), "--epochs", "50", "--seed", "4"]) == 0
    text = capsys.readouterr().out
    assert "least squares" in text and "condition number" in text
    h = gdviz.History.load(run)
    assert len(h) == 50 and h.meta["seed"] == 4
    out = tmp_path / "again.gif"
    assert main(["render", "--history", str(run), "-o", str(out), "--size", "320x180", "--max-frames", "4"]) == 0
    gif_shows(out, gdviz.Animation(h, size=(320, 180), max_frames=4))  # the saved run, not a new one


def test_history_with_training_flags_is_an_error(tmp_path, capsys):
    run = tmp_path / "run.npz"
    assert main(["train", "-o", str(run), "--epochs", "5"]) == 0
    capsys.readouterr()
    out = tmp_path / "x.gif"
    assert main(["render", "--history", str(run), "--eta", "0.1", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gdviz: error:") and "--eta" in err and "Traceback" not in err
    assert not out.exists()


# Bad inputs: the table in test_bad_input.py (run through `python -m gdviz`).


def test_help_and_version(capsys):
    assert main(["--version"]) == 0
    assert gdviz.__version__ in capsys.readouterr().out
    assert main(["render", "--help"]) == 0
    text = capsys.readouterr().out
    for flag in ("-o", "--history", "--epochs", "--eta", "--optimizer", "--panels", "--fps", "--size",
                 "--theme", "--seed", "--max-frames"):
        assert flag in text
