"""DCGAN training and sampling speed in PyTorch, for comparison with `skinsight-bench-gan speed`.

The networks match Skinsight's ConvolutionalGenerator and ConvolutionalDiscriminator (unconditional, width 32,
latent 100, 64x64 RGB), the loss is the same non-saturating BCE with a 0.9 real target, and the optimiser the same
Adam. Run with Debian's python3-torch:

    python3 bench/python/dcgan_speed.py --batch 64 --steps 20 --threads 2
"""
import argparse
import json
import time

import torch
from torch import nn


def generator(width=32, latent=100):
    w = width
    return nn.Sequential(
        nn.ConvTranspose2d(latent, w * 8, 4, 1, 0, bias=False), nn.BatchNorm2d(w * 8), nn.ReLU(),
        nn.ConvTranspose2d(w * 8, w * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(w * 4), nn.ReLU(),
        nn.ConvTranspose2d(w * 4, w * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(w * 2), nn.ReLU(),
        nn.ConvTranspose2d(w * 2, w, 4, 2, 1, bias=False), nn.BatchNorm2d(w), nn.ReLU(),
        nn.ConvTranspose2d(w, 3, 4, 2, 1, bias=False), nn.Tanh())


def discriminator(width=32):
    w = width
    return nn.Sequential(
        nn.Conv2d(3, w, 4, 2, 1, bias=False), nn.LeakyReLU(0.2),
        nn.Conv2d(w, w * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(w * 2), nn.LeakyReLU(0.2),
        nn.Conv2d(w * 2, w * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(w * 4), nn.LeakyReLU(0.2),
        nn.Conv2d(w * 4, w * 8, 4, 2, 1, bias=False), nn.BatchNorm2d(w * 8), nn.LeakyReLU(0.2),
        nn.Conv2d(w * 8, 1, 4, 1, 0, bias=False))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    g, d = generator(), discriminator()
    g_opt = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
    d_opt = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))
    real = torch.rand(args.batch, 3, 64, 64) * 2 - 1
    bce = nn.functional.binary_cross_entropy_with_logits

    def train(count):
        start = time.perf_counter()
        for _ in range(count):
            n = real.shape[0]
            fake = g(torch.randn(n, 100, 1, 1))
            d_opt.zero_grad()
            loss_d = bce(d(real).view(-1), torch.full((n,), 0.9)) + bce(d(fake.detach()).view(-1), torch.zeros(n))
            loss_d.backward()
            d_opt.step()
            g_opt.zero_grad()
            loss_g = bce(d(fake).view(-1), torch.ones(n))
            loss_g.backward()
            g_opt.step()
            float(loss_d), float(loss_g)
        return count * args.batch / (time.perf_counter() - start)

    def sample(count):
        g.eval()
        start = time.perf_counter()
        with torch.no_grad():
            for _ in range(count):
                g(torch.randn(args.batch, 100, 1, 1))
        return count * args.batch / (time.perf_counter() - start)

    train(3)
    train_rate = train(args.steps)
    sample(3)
    sample_rate = sample(args.steps)
    print(json.dumps({"framework": "PyTorch " + torch.__version__, "threads": args.threads, "batch": args.batch,
                      "steps": args.steps, "trainImagesPerSecond": round(train_rate, 1),
                      "sampleImagesPerSecond": round(sample_rate, 1)}))


if __name__ == "__main__":
    main()
