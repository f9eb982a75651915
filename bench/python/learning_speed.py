"""Training and inference speed of Skinsight's learned networks in PyTorch, for `Skinsight.Bench.Learning speed`.

The networks match Skinsight.Learning's. `resnet18` is ResNet18Backbone at 224x224 with the condition classifier's
linear head on 7 classes: the CNTK-style ResNet-18 with its asymmetric padding, stages of 2, 2, 2 and 3 blocks, BGR
flip and mean-image subtraction. `age` is AgeNetwork (width 32) at 64x64. A training step is
forward, loss, backward and an AdamW step with the settings Skinsight trains with (cross-entropy, learning rate
1e-4 for the classifier; L1 loss on decades, learning rate 3e-3 and weight decay 5e-4 for the age network).
Inputs are random tensors of the right shape. Run with Debian's python3-torch:

    /usr/bin/python3 bench/python/learning_speed.py --model resnet18 --threads 2 --batch 32 --steps 5

It prints one JSON line with images per second for training and for inference (eval mode, no gradients).
"""
import argparse
import json
import time

import torch
from torch import nn
from torch.nn import functional as F

CONDITION_CLASSES = 7


class ConvBatchNorm(nn.Module):
    """A bias-free convolution and batch norm; asymmetric padding is applied before the convolution."""

    def __init__(self, in_channels, out_channels, kernel, stride, pad_before, pad_after):
        super().__init__()
        self.pad = None if pad_before == pad_after else (pad_before, pad_after, pad_before, pad_after)
        padding = 0 if self.pad else pad_before
        self.conv = nn.Conv2d(in_channels, out_channels, kernel, stride=stride, padding=padding, bias=False)
        self.norm = nn.BatchNorm2d(out_channels, eps=1e-5)

    def forward(self, x):
        if self.pad:
            x = F.pad(x, self.pad)
        return self.norm(self.conv(x))


class BasicBlock(nn.Module):
    def __init__(self, in_channels, out_channels, stride):
        super().__init__()
        self.shortcut = ConvBatchNorm(in_channels, out_channels, 1, stride, 0, 0) if stride != 1 else None
        self.conv1 = ConvBatchNorm(in_channels, out_channels, 3, stride, 1, 1 if stride == 1 else 0)
        self.conv2 = ConvBatchNorm(out_channels, out_channels, 3, 1, 1, 1)

    def forward(self, x):
        residual = x if self.shortcut is None else self.shortcut(x)
        return F.relu(self.conv2(F.relu(self.conv1(x))) + residual)


class ConditionNetwork(nn.Module):
    """ResNet18Backbone followed by ClassifierHead (standardisation and one linear layer, no dropout)."""

    def __init__(self):
        super().__init__()
        self.stem = ConvBatchNorm(3, 64, 7, 2, 3, 2)
        blocks, in_channels = [], 64
        for stage, (count, channels) in enumerate(zip([2, 2, 2, 3], [64, 128, 256, 512])):
            for block in range(count):
                blocks.append(BasicBlock(in_channels, channels, 2 if stage > 0 and block == 0 else 1))
                in_channels = channels
        self.blocks = nn.Sequential(*blocks)
        self.register_buffer("mean_image", torch.zeros(1, 3, 224, 224))
        self.register_buffer("feature_mean", torch.zeros(512))
        self.register_buffer("feature_scale", torch.ones(512))
        self.output = nn.Linear(512, CONDITION_CLASSES)

    def forward(self, rgb):
        x = rgb.flip(1) - self.mean_image
        x = F.relu(self.stem(x))
        x = F.max_pool2d(F.pad(x, (1, 0, 1, 0)), kernel_size=3, stride=2)
        x = F.adaptive_avg_pool2d(self.blocks(x), 1).flatten(1)
        return self.output((x - self.feature_mean) / self.feature_scale)


def age_block(in_channels, out_channels):
    return nn.Sequential(nn.Conv2d(in_channels, out_channels, 3, padding=1, bias=False),
                         nn.BatchNorm2d(out_channels), nn.ReLU(inplace=True))


class AgeNetwork(nn.Module):
    def __init__(self, width=32):
        super().__init__()
        w = width
        self.features = nn.Sequential(
            age_block(3, w), nn.MaxPool2d(2),
            age_block(w, 2 * w), age_block(2 * w, 2 * w), nn.MaxPool2d(2),
            age_block(2 * w, 4 * w), age_block(4 * w, 4 * w), nn.MaxPool2d(2),
            age_block(4 * w, 8 * w), nn.MaxPool2d(2),
            age_block(8 * w, 8 * w), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.dropout = nn.Dropout(0.2)
        self.head = nn.Linear(8 * w, 1)

    def forward(self, rgb):
        return self.head(self.dropout(self.features(rgb / 63.75 - 2))).squeeze(1)


def setup(model, batch):
    """Return the network, its optimiser, its loss function and its input side for one model name."""
    if model == "resnet18":
        network = ConditionNetwork()
        optimizer = torch.optim.AdamW(network.parameters(), 1e-4)
        target = torch.randint(0, CONDITION_CLASSES, (batch,))
        loss = lambda output: F.cross_entropy(output, target)
        return network, optimizer, loss, 224
    network = AgeNetwork()
    optimizer = torch.optim.AdamW(network.parameters(), 3e-3, weight_decay=5e-4)
    target = torch.rand(batch) * 8
    loss = lambda output: F.l1_loss(output, target)
    return network, optimizer, loss, 64


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", choices=["resnet18", "age"], required=True)
    parser.add_argument("--threads", type=int, default=2, help="intra-op threads (torch.set_num_threads)")
    parser.add_argument("--batch", type=int, default=32, help="training batch size")
    parser.add_argument("--inference-batch", type=int, default=32, help="inference batch size")
    parser.add_argument("--steps", type=int, default=5, help="timed batches of training and of inference")
    parser.add_argument("--warmup", type=int, default=2, help="untimed batches before each timing")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    network, optimizer, loss_of, side = setup(args.model, args.batch)
    train_input = torch.rand(args.batch, 3, side, side) * 255
    inference_input = torch.rand(args.inference_batch, 3, side, side) * 255

    def train(count):
        network.train()
        start = time.perf_counter()
        for _ in range(count):
            optimizer.zero_grad()
            loss_of(network(train_input)).backward()
            optimizer.step()
        return count * args.batch / (time.perf_counter() - start)

    def infer(count):
        network.eval()
        start = time.perf_counter()
        with torch.no_grad():
            for _ in range(count):
                network(inference_input)
        return count * args.inference_batch / (time.perf_counter() - start)

    train(args.warmup)
    train_rate = train(args.steps)
    infer(args.warmup)
    infer_rate = infer(args.steps)
    parameters = sum(p.numel() for p in network.parameters())
    print(json.dumps({"framework": "PyTorch " + torch.__version__, "model": args.model, "parameters": parameters,
                      "threads": args.threads,
                      "batch": args.batch, "inferenceBatch": args.inference_batch, "steps": args.steps,
                      "trainImagesPerSecond": round(train_rate, 2), "inferImagesPerSecond": round(infer_rate, 2)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
