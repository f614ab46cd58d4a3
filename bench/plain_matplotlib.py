"""The way most tutorials animate gradient descent: FuncAnimation that clears and
redraws both panels every frame, saved with matplotlib's own writers.

Run by bench/run.py as a separate process, so its time includes start-up like gdviz's.
usage: python bench/plain_matplotlib.py OUT.mp4|OUT.gif FRAMES [--set-data]
"""

import sys

import matplotlib

matplotlib.use("Agg")
import imageio_ffmpeg  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.animation import FFMpegWriter, FuncAnimation, PillowWriter  # noqa: E402

out, frames = sys.argv[1], int(sys.argv[2])
set_data = "--set-data" in sys.argv
matplotlib.rcParams["animation.ffmpeg_path"] = imageio_ffmpeg.get_ffmpeg_exe()

# The tutorial's run, written out as a user would.
rng = np.random.default_rng(0)
x = rng.random(200)
y = 3 * x + rng.normal(0, 0.1, 200)
w0, w1, eta = 1.0, -2.5, 0.001
W0, W1, E = [], [], []
for ep in range(frames):
    y_hat = w1 * x + w0
    E.append(0.5 * np.sum((y - y_hat) ** 2))
    W0.append(w0)
    W1.append(w1)
    w1 -= eta * np.sum(-(y - y_hat) * x)
    w0 -= eta * np.sum(-(y - y_hat))
W0, W1 = np.array(W0), np.array(W1)
g0 = np.linspace(W0.min() - 0.5, W0.max() + 0.5, 240)
g1 = np.linspace(W1.min() - 0.5, W1.max() + 0.5, 240)
G0, G1 = np.meshgrid(g0, g1)
S = 0.5 * ((y[None, None, :] - G1[..., None] * x[None, None, :] - G0[..., None]) ** 2).sum(-1)
levels = np.geomspace(S.min() + 1e-3, S.max(), 17)

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12.8, 7.2), dpi=100)
xs = np.array([0.0, 1.0])

if set_data:
    ax1.scatter(x, y, s=20, alpha=0.5)
    (line,) = ax1.plot(xs, W1[0] * xs + W0[0], lw=3)
    title = ax1.set_title("")
    ax1.set_ylim(-3, 5)
    ax2.contourf(g0, g1, S, levels=levels, cmap="viridis")
    (path,) = ax2.plot([], [], color="C1")
    (point,) = ax2.plot([], [], "o", color="C1")

    def update(i):
        line.set_ydata(W1[i] * xs + W0[i])
        title.set_text(f"Epoch {i}  SSE = {E[i]:.2f}")
        path.set_data(W0[: i + 1], W1[: i + 1])
        point.set_data(W0[i : i + 1], W1[i : i + 1])
        return line, title, path, point
else:
    def update(i):
        ax1.clear()
        ax1.scatter(x, y, s=20, alpha=0.5)
        ax1.plot(xs, W1[i] * xs + W0[i], lw=3, label=f"SSE = {E[i]:.2f}\nEpoch {i}")
        ax1.set_ylim(-3, 5)
        ax1.legend(loc="upper left")
        ax1.grid()
        ax2.clear()
        ax2.contourf(g0, g1, S, levels=levels, cmap="viridis")
        ax2.plot(W0[: i + 1], W1[: i + 1], color="C1")
        ax2.plot(W0[i], W1[i], "o", color="C1")
        ax2.set_xlabel("w0")
        ax2.set_ylabel("w1")

anim = FuncAnimation(fig, update, frames=frames, blit=False)
if out.endswith(".gif"):
    anim.save(out, writer=PillowWriter(fps=20))
else:
    anim.save(out, writer=FFMpegWriter(fps=30, codec="libx264",
                                       extra_args=["-preset", "medium", "-crf", "23", "-pix_fmt", "yuv420p"]))
