"""PyTorch counterpart of `samlab train examples/resnet20-cifar10-adam.yaml`, for parity checks on real CIFAR-10.

ResNet-20 (bench/torch_resnet20.py's, shortcut A) trained with Adam on the official binary files, as SamLab trains
it: per-channel normalisation from the training images, zero padding of 4 then a random 32x32 crop and a random
horizontal flip, batch 128, a new shuffle every epoch, mean cross-entropy; then the test accuracy on the official
10,000 after every epoch. One line per epoch:
    epoch 1 train_loss 1.5083 train_acc 0.4523 test_acc 0.5537 seconds 77.7
--init he draws the weights as SamLab's default does (normal, variance 2/fan-in, zero biases); --init pytorch keeps
PyTorch's defaults, like SamLab's `model.init: pytorch`. Compare several seeds of each (the runs are not
bit-identical: the two frameworks draw different numbers from a seed):
    python3 bench/torch_cifar_train.py DATA --epochs 3 --seed 1 --init he
    SAMLAB_DATA=DATA bin/samlab train examples/resnet20-cifar10-adam.yaml --set training.epochs=3 --set seed=1
DATA holds cifar-10-batches-bin/. Needs torch (CPU build) and numpy.
"""
import argparse
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_resnet20 import resnet20

RECORD = 1 + 3 * 32 * 32  # a label byte, then the red, green and blue planes


def read_batches(folder, names):
    records = np.concatenate([np.fromfile(os.path.join(folder, n), np.uint8).reshape(-1, RECORD) for n in names])
    return records[:, 1:].reshape(-1, 3, 32, 32), records[:, 0].astype(np.int64)


def he_init(model):
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(module.weight, mode="fan_in", nonlinearity="relu")
            if module.bias is not None:
                nn.init.zeros_(module.bias)


def augment(images, rng):
    """Pads each image by 4 zero pixels, crops 32x32 at a random offset, mirrors half of them."""
    padded = np.pad(images, ((0, 0), (0, 0), (4, 4), (4, 4)))
    out = np.empty_like(images)
    for i, (dy, dx, flip) in enumerate(zip(rng.integers(0, 9, len(images)), rng.integers(0, 9, len(images)),
                                           rng.random(len(images)) < 0.5)):
        crop = padded[i, :, dy:dy + 32, dx:dx + 32]
        out[i] = crop[:, :, ::-1] if flip else crop
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="folder holding cifar-10-batches-bin/")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--init", choices=["he", "pytorch"], default="he")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(args.seed)

    folder = os.path.join(args.data, "cifar-10-batches-bin")
    train_x, train_y = read_batches(folder, [f"data_batch_{i}.bin" for i in range(1, 6)])
    test_x, test_y = read_batches(folder, ["test_batch.bin"])
    mean = train_x.mean(axis=(0, 2, 3), dtype=np.float64).reshape(1, 3, 1, 1)
    std = train_x.std(axis=(0, 2, 3), dtype=np.float64).reshape(1, 3, 1, 1)

    def tensor(images):
        return torch.from_numpy(((images - mean) / std).astype(np.float32))

    model = resnet20("A")
    if args.init == "he":
        he_init(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    test_inputs, test_labels = tensor(test_x), torch.from_numpy(test_y)
    for epoch in range(1, args.epochs + 1):
        model.train()
        start, loss_sum, correct = time.time(), 0.0, 0
        order = rng.permutation(len(train_x))
        for first in range(0, len(order), args.batch):
            chosen = order[first:first + args.batch]
            inputs, labels = tensor(augment(train_x[chosen], rng)), torch.from_numpy(train_y[chosen])
            outputs = model(inputs)
            loss = F.cross_entropy(outputs, labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(chosen)
            correct += (outputs.argmax(1) == labels).sum().item()
        model.eval()
        with torch.no_grad():
            right = sum((model(test_inputs[i:i + 500]).argmax(1) == test_labels[i:i + 500]).sum().item()
                        for i in range(0, len(test_labels), 500))
        print(f"epoch {epoch} train_loss {loss_sum / len(order):.4f} train_acc {correct / len(order):.4f} "
              f"test_acc {right / len(test_labels):.4f} seconds {time.time() - start:.1f}", flush=True)


if __name__ == "__main__":
    main()
