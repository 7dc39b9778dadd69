"""PyTorch counterpart of `samlab bench model`: ResNet-20 (He et al. 2015, CIFAR) timed the same way.

Forward+backward at the training batch size, inference at twice that, one SAM step around Adam (two passes, the
perturbation undone from a copy), on random CIFAR-shaped data, as `samlab bench model` times them: --iterations rounds
(after --warmup) that alternate a pass and a SAM step, then as many rounds of inference; then the medians, the SAM step's cost in passes of the same round, and the peak resident memory. Run it right after `samlab bench model`, on the same machine and thread count:
    python3 bench/torch_resnet20.py --threads 2
Needs torch (CPU build), nothing else.
"""
import argparse
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    """Two 3x3 convolutions with batch norm; shortcut A pads zeros where the shape changes, B projects."""

    def __init__(self, channels_in, channels, stride, shortcut):
        super().__init__()
        self.conv1 = nn.Conv2d(channels_in, channels, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)
        self.changes_shape = stride != 1 or channels_in != channels
        self.padding = (channels - channels_in) // 2
        self.projection = (nn.Sequential(nn.Conv2d(channels_in, channels, 1, stride, bias=False),
                                         nn.BatchNorm2d(channels))
                           if self.changes_shape and shortcut == "B" else None)

    def forward(self, x):
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        if not self.changes_shape:
            identity = x
        elif self.projection is not None:
            identity = self.projection(x)
        else:
            identity = F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.padding, self.padding))
        return F.relu(out + identity)


def resnet20(shortcut, classes=10):
    blocks, channels_in = [], 16
    for stage in range(3):
        channels = 16 << stage
        for block in range(3):
            blocks.append(BasicBlock(channels_in, channels, 2 if stage > 0 and block == 0 else 1, shortcut))
            channels_in = channels
    return nn.Sequential(nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU(), *blocks,
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, classes))


def interleaved_millis(works, warmup, iterations):
    """Each work's times over rounds that run the works in turn, so the machine's drift reaches each alike."""
    for _ in range(warmup):
        for work in works:
            work()
    times = [[] for _ in works]
    for _ in range(iterations):
        for work, column in zip(works, times):
            start = time.perf_counter()
            work()
            column.append(1000 * (time.perf_counter() - start))
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--shortcut", choices=["A", "B"], default="A")
    parser.add_argument("--rho", type=float, default=0.05)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)

    model = resnet20(args.shortcut)
    features = torch.rand(args.batch, 3, 32, 32)
    targets = torch.arange(args.batch) % 10
    inference = torch.rand(2 * args.batch, 3, 32, 32)
    adam = torch.optim.Adam(model.parameters())
    parameters = [p for p in model.parameters()]

    def forward_backward():
        model.train()
        model.zero_grad(set_to_none=False)
        F.cross_entropy(model(features), targets).backward()

    def predict():
        model.eval()
        with torch.no_grad():
            model(inference)

    def sam_step():
        forward_backward()
        with torch.no_grad():
            saved = [p.detach().clone() for p in parameters]
            norm = torch.norm(torch.stack([p.grad.norm() for p in parameters]))
            for p in parameters:
                p.add_(p.grad, alpha=args.rho / (norm.item() + 1e-12))
        forward_backward()
        with torch.no_grad():
            for p, w in zip(parameters, saved):
                p.copy_(w)
        adam.step()

    trainable = sum(p.numel() for p in parameters)
    print(f"model resnet20 (shortcut {args.shortcut}), {trainable:,} trainable parameters, float32, "
          f"{args.threads} threads, median of {args.iterations} rounds, torch {torch.__version__}")
    # A pass and a step alternate, each following the other's kind of work as in training; inference, whose larger
    # batch leaves other memory in the caches, runs in rounds of its own.
    passes, steps = interleaved_millis([forward_backward, sam_step], args.warmup, args.iterations)
    predictions, = interleaved_millis([predict], args.warmup, args.iterations)
    rows = [(f"forward+backward, batch {args.batch}:  ", passes, args.batch),
            (f"inference, batch {2 * args.batch}:         ", predictions, 2 * args.batch),
            (f"SAM step around Adam, batch {args.batch}:", steps, args.batch)]
    for label, column, images in rows:
        millis = statistics.median(column)
        print(f"{label} {millis:8.1f} ms   {1000 * images / millis:7.1f} images/s")
    ratios = [step / passed for step, passed in zip(steps, passes)]
    print(f"SAM step / forward+backward of the same round: {statistics.median(ratios):.2f}")
    print(f"peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2 ** 20:.2f} GiB")


if __name__ == "__main__":
    main()
