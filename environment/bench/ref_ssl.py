"""Plain-PyTorch reference of the nine timed paths of `./coopt bench`: one training step of each of the seven SSL
baselines (BYOL, DCL, DINO, MoCo, SimCLR, SimSiam, SwAV), the CoOpt student step, and prior feature extraction
("embed"), built to do the same work per step as the workbench's Java code (DJL on libtorch), so that images/s of
the two sides can be compared. Run with Debian's python3-torch:

    /usr/bin/python3 environment/bench/ref_ssl.py [--methods all|byol,dino,...] [--width 64] [--batch 256]
        [--steps 20] [--warmup 3] [--threads 2] [--seed 0] [--mkldnn on|off]

Progress goes to stderr; stdout gets exactly one JSON line: torch version, threads, width, batch, steps, warmup,
mkldnn, and for every path "<path>_img_per_s" and "<path>_gflop_per_image".

Measurement (as org.coopt.workbench.ssl.SslThroughput.measure): per path, torch.manual_seed(seed), build the
networks and AdamW, then two FIXED N(0, 1) views x1, x2 of shape [B, 1, 28, 28] (no augmentation, no data
loading); `warmup` untimed steps, then `steps` timed full steps (forward, backward, AdamW, after-step updates);
step indices run 0 .. warmup+steps-1 of total = warmup+steps (this drives the EMA and DINO temperature schedules
exactly as StepContext(step, total) does there); images/s = steps * B / time. "student" and "embed" are timed the
same way as BenchWorkload.imagesPerSecond is by BenchCommand.javaOnce (embed: max(steps, 50) timed steps).

Common to every training step (train/TrainingLoop.step, train/TrainSettings.defaults, DJL 0.33 AdamW):
  * backbone "convnet" width w (nn/ConvNet.backbone(w, 3)): 3 x [Conv2d 3x3 pad 1 (with bias) -> BatchNorm2d ->
    ReLU -> AvgPool2d 2], flatten; on 1x28x28 the feature has h = 9w entries (28->14->7->3), 576 at w = 64.
  * every network runs in training mode (BatchNorm on batch statistics, running statistics updated, momentum 0.1 =
    DJL's 0.9, eps 1e-5), momentum/teacher networks included; each view is its own forward pass.
  * AdamW lr 1e-3, betas (0.9, 0.999), eps 1e-8, decoupled weight decay 0.01 on every trainable tensor (weights,
    biases, BN gamma/beta), constant learning rate, no gradient clipping, no LR schedule; gradients are zeroed in
    place (DJL zeroes each gradient after its update) and the loss is read back once (loss.getFloat()).
  * after-step work runs under no_grad, after AdamW, in the Java order.
  * head sizes (ssl/HeadSizes.forBackbone): hidden = min(4096, 2h), out = min(256, max(32, 4w)),
    bottleneck = max(16, out/4), SwAV K = min(3000, 30w), DINO K = min(4096, 32w); at w = 64: h 576, hidden 1152,
    out 256, bottleneck 64, SwAV K 1920, DINO K 2048. MLP heads (ssl/Heads.mlp) are [Linear -> BatchNorm1d -> ReLU]
    per hidden size, then Linear (then BatchNorm1d for SimSiam's projector). Prototypes: bias-free Linear out->K,
    rows renormalised to unit L2 norm.
  * normalize(x) = x / max(||x||_2, 1e-12) row-wise (ssl/loss/Ops.normalize); logsumexp as Ops.logSumExp
    (detached row max, exp, sum, log, + max); masked logits get + (-1e9) * eye (Ops.diagonalMask), built per step.

Per path (Java class it mirrors):
  byol     (ssl/Byol, loss/ByolLoss) online = backbone -> projector h->hidden->out; predictor out->hidden->out;
           target = EMA copy of [backbone -> projector]. Forward: p1 = pred(online(x1)), p2 = pred(online(x2)),
           t1 = target(x1), t2 = target(x2) (no grad); L = [2 - 2 mean cos(p1, t2)] + [2 - 2 mean cos(p2, t1)].
           After step: EMA tau = 1 - (1 - 0.99)(cos(pi k/K) + 1)/2 with k = step+1, K = total (MomentumSchedule.BYOL).
  dcl      (ssl/Dcl, ContrastiveMethod, loss/DclLoss) backbone -> projector h->hidden->out on both views;
           L = 1/2 l(z1, z2) + 1/2 l(z2, z1), l(z0, z1): u = normalize, self = u0 u0^T/T + mask, cross = u0 u1^T/T +
           mask, logits = [self | cross] (B x 2B), pos = <u0_i, u1_i>/T, mean(lse - pos); T = 0.1. Four B x B
           products per step (self and cross of each direction), as the Java code computes them.
  dino     (ssl/Dino, loss/DinoLoss) student = backbone -> [projector h->hidden->out -> normalize -> prototypes
           out->K_dino]; prototypes normalised once before the teacher is copied; teacher = EMA copy of the whole
           student. Forward: s1, s2 = student(x1), student(x2); t1, t2 = teacher(x1), teacher(x2) (no grad);
           L = 1/2 [l(s2, t1) + l(s1, t2)], l(s, t) = -mean_i sum_k softmax((t - c)/T_t) log_softmax(s/T_s);
           T_s = 0.1, T_t = 0.04 -> 0.07 linearly over the first max(1, total/10) steps (by the step index).
           After step: renormalise the student's prototype rows, EMA 0.996 -> 1.0 (cosine, k = step+1), then
           centre c <- 0.9 c + 0.1 mean over rows of [t1; t2].
  moco     (ssl/MoCo, MoCoQueue, loss/MoCoLoss) query net = backbone -> projector h->hidden->out; key net = EMA
           copy; one queue per view, Q = min(4096, 60000/2) = 4096 rows of out (SslThroughput uses dataset size
           60000), starting as random unit vectors. Forward: q1, q2 = online(x1), online(x2); k1, k2 = key(x1),
           key(x2) (no grad); L = 1/2 l(q1, k2, Q2) + 1/2 l(q2, k1, Q1), l: q = normalize(q), k = normalize(k),
           logits = [<q,k> | q Q^T] / 0.2, mean(lse - <q,k>/0.2). After step: EMA 0.99 -> 0.999 (cosine,
           k = step+1), then write normalize(k1) into queue 1 and normalize(k2) into queue 2 at the ring pointer.
  simclr   (ssl/SimClr, ContrastiveMethod, loss/NtXentLoss) backbone -> projector h->hidden->out on both views;
           u = normalize([z1; z2]) (2B x out), S = u u^T/T + mask, pos_i = <u1_i, u2_i>/T for both halves,
           L = mean(lse(S) - pos); T = 0.2.
  simsiam  (ssl/SimSiam, loss/SimSiamLoss) backbone -> projector h->hidden->hidden->out (BN after every Linear,
           the last included); predictor out->bottleneck->out. z_v = online(x_v), p_v = pred(z_v);
           L = 1/2 (-mean cos(p1, sg z2)) + 1/2 (-mean cos(p2, sg z1)). No after-step work.
  swav     (ssl/SwAV, loss/SwavLoss, loss/SinkhornKnopp) backbone -> projector h->hidden->out -> normalize ->
           prototypes out->K_swav (normalised at start). p_v = prototypes(normalize(online(x_v))); codes
           q_v = Sinkhorn(sg p_v): Q = exp((S - max S)/0.05)^T, Q /= sum Q, 3 x [Q /= rowsums / K; Q /= colsums / B],
           q = (B Q)^T; L = 1/2 l(q1, p2) + 1/2 l(q2, p1), l(q, p) = -mean_i sum_k q log_softmax(p/0.1). After
           step: renormalise the prototype rows. No queue, no multi-crop.
  student  (train/StudentObjective, train/Losses.twoViewCosine, BenchWorkload.studentStep) backbone -> Linear
           h->128 (with bias), fixed target y = normalize(N(0, 1)) [B, 128]; L = mean 1/2 [(1 - cos(f(x1), y)) +
           (1 - cos(f(x2), y))], cos with norms clamped at 1e-8. No after-step work.
  embed    (BenchWorkload.embedStep, nn/Inference.forward) the backbone in eval mode under no_grad on x1; one
           element of the output is read (as getFloat(0, 0)).

FLOP counting (the "<path>_gflop_per_image" figures; analytic, from the layer sizes, not measured): FLOPs = 2 x
multiply-adds of every convolution and Linear layer (and of the loss's matrix products: SimCLR's and DCL's
similarity matrices, MoCo's query-queue products) in every forward and backward pass of one step, divided by B.
A trained layer costs its forward plus a backward of 2 x forward (input gradient + weight gradient), except the
first convolution, whose input is data and gets no input gradient (backward 1 x forward, as autograd does); a
no-grad network (BYOL/MoCo target, DINO teacher, embed) costs its forward only; a loss product costs forward plus
1 x forward per operand that needs a gradient (MoCo: the query only; SimCLR/DCL: both operands). BatchNorm, ReLU,
pooling, normalisation, softmax, Sinkhorn, EMA and AdamW (all elementwise or reductions) are not counted.

Where an exact mirror is impossible (and why):
  * The engines differ: Debian's torch 1.13 (OpenBLAS via generic BLAS, ATen dispatch capped at AVX2) against
    libtorch 2.5.1 with MKL in DJL; kernels and their speed are the subject of the comparison, not mirrored.
  * oneDNN: the workbench switches PyTorch's oneDNN (mkldnn) off for the backward pass of training steps (a
    NaN-gradient workaround) and on for their forward pass (Engines.trainingForward), so the eight training paths
    run forward convolutions on oneDNN and backward ones on ATen's own kernels; embed runs under
    Engines.inference(), as prior extraction does, with oneDNN on. This script keeps PyTorch's default (oneDNN on,
    as shared/bench/ref_torch.py did) unless --mkldnn off is given; the JSON records which, and whether this torch
    build has oneDNN at all (torch.backends.mkldnn.is_available()).
  * AdamW: torch.optim.AdamW (single-tensor loop) instead of DJL's adamUpdate kernel, which clones the gradient,
    applies the decay as w -= lr*wd*w and adds eps to sqrt(v) before the bias correction (PyTorch: after); same
    settings and per-parameter work up to a few elementwise temporaries.
  * Parameter initialisation (DJL's defaults vs PyTorch's), the random values of x1, x2, y and MoCo's initial
    queue (java.util.Random vs torch.Generator) differ; they do not change the work of a step.
  * DJL records no autograd graph for frozen networks just as no_grad does here; DJL's per-step NDManager
    bookkeeping has no PyTorch counterpart (reference counting frees intermediates).
  * Threads: torch.set_num_threads(threads) for ATen/OpenMP; OPENBLAS_NUM_THREADS is set to the same value before
    torch is imported (OpenBLAS has its own pool that set_num_threads does not reach); one inter-op thread, as
    Engines sets ai.djl.pytorch.num_interop_threads=1.
"""
import argparse
import copy
import gc
import json
import math
import os
import sys
import time

ALL_PATHS = ["byol", "dcl", "dino", "moco", "simclr", "simsiam", "swav", "student", "embed"]


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--methods", default="all", help="all, or a comma list of " + ",".join(ALL_PATHS))
    p.add_argument("--width", type=int, default=64, help="backbone width (ConvNet-3), default 64")
    p.add_argument("--batch", type=int, default=256, help="images per view and step, default 256")
    p.add_argument("--steps", type=int, default=20, help="timed steps per path, default 20 (embed: max(steps, 50))")
    p.add_argument("--warmup", type=int, default=3, help="untimed steps before timing, default 3")
    p.add_argument("--threads", type=int, default=2, help="intra-op threads, default 2")
    p.add_argument("--seed", type=int, default=0, help="seed of parameters and inputs, default 0")
    p.add_argument("--mkldnn", choices=["on", "off"], default="on",
                   help="PyTorch's oneDNN backend (default on = PyTorch's default; the workbench runs with it off)")
    a = p.parse_args(argv)
    paths = ALL_PATHS if a.methods.strip().lower() == "all" else [m.strip().lower() for m in a.methods.split(",")
                                                                  if m.strip()]
    bad = [m for m in paths if m not in ALL_PATHS]
    if bad or not paths:
        p.error("unknown path(s) %s; known: %s" % (",".join(bad) or "(none)", ",".join(ALL_PATHS)))
    if a.width < 1 or a.batch < 2 or a.steps < 1 or a.warmup < 0 or a.threads < 1:
        p.error("need --width >= 1, --batch >= 2 (batch norm), --steps >= 1, --warmup >= 0, --threads >= 1")
    a.paths = list(dict.fromkeys(paths))
    return a


ARGS = parse_args()
# OpenBLAS (Debian's torch uses the generic BLAS, i.e. OpenBLAS) reads its pool size when it is loaded.
os.environ["OPENBLAS_NUM_THREADS"] = str(ARGS.threads)

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

try:
    torch.set_num_interop_threads(1)
except RuntimeError:
    pass
torch.set_num_threads(ARGS.threads)
torch.manual_seed(ARGS.seed)
torch.backends.mkldnn.enabled = ARGS.mkldnn == "on"

IMAGE, CHANNELS, DEPTH = 28, 1, 3
LR, WEIGHT_DECAY, BETAS, EPS = 1e-3, 0.01, (0.9, 0.999), 1e-8
MASKED = -1e9
STUDENT_TARGET_DIM = 128
DATASET_SIZE = 60_000  # SslThroughput.measure: SslSetup.of(spec, 60_000, seed)


def log(msg):
    print("[ref_ssl] " + msg, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------------- sizes
def feature_dim(width):
    s = IMAGE
    for _ in range(DEPTH):
        s //= 2
    return width * s * s


class HeadSizes:
    """ssl/HeadSizes.forBackbone."""

    def __init__(self, width):
        self.h = feature_dim(width)
        self.hidden = min(4096, 2 * self.h)
        self.out = min(256, max(32, 4 * width))
        self.bottleneck = max(16, self.out // 4)
        self.prototypes = min(3000, 30 * width)
        self.dino_prototypes = min(4096, 32 * width)


# --------------------------------------------------------------------------------------------- networks
def convnet(width):
    """nn/ConvNet.backbone(width, 3)."""
    layers, c = [], CHANNELS
    for _ in range(DEPTH):
        layers += [nn.Conv2d(c, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU(), nn.AvgPool2d(2)]
        c = width
    return nn.Sequential(*layers, nn.Flatten())


def mlp(dims, bn_out=False):
    """ssl/Heads.mlp: [Linear -> BN -> ReLU] per hidden size, final Linear (+ BN if bn_out)."""
    layers = []
    for i in range(1, len(dims) - 1):
        layers += [nn.Linear(dims[i - 1], dims[i]), nn.BatchNorm1d(dims[i]), nn.ReLU()]
    layers.append(nn.Linear(dims[-2], dims[-1]))
    if bn_out:
        layers.append(nn.BatchNorm1d(dims[-1]))
    return nn.Sequential(*layers)


class Normalize(nn.Module):
    def forward(self, x):
        return normalize(x)


def prototypes(d, k):
    """ssl/Heads.prototypes: bias-free Linear whose K rows are kept on the unit sphere."""
    return nn.Linear(d, k, bias=False)


def frozen_copy(net):
    """MomentumNetwork.of: same architecture, the online parameters copied, frozen (BN statistics included)."""
    t = copy.deepcopy(net)
    for p in t.parameters():
        p.requires_grad_(False)
    return t


@torch.no_grad()
def normalize_prototypes(layer):
    """Heads.normalizePrototypes: every weight row to unit L2 norm, in place."""
    w = layer.weight
    w.div_(w.norm(dim=1, keepdim=True).clamp_min(1e-12))


@torch.no_grad()
def ema(online, target, tau):
    """MomentumNetwork.update: theta' <- tau theta' + (1 - tau) theta for every parameter (not BN statistics)."""
    for po, pt in zip(online.parameters(), target.parameters()):
        pt.mul_(tau).add_(po.mul(1 - tau))


def momentum_tau(base, end, k, total):
    """MomentumSchedule.tau."""
    if total <= 0:
        return end
    x = min(max(k, 0), total)
    return end - (end - base) * (math.cos(math.pi * x / total) + 1) / 2


def adamw(modules):
    """TrainingLoop's optimizer: AdamW on the unique trainable parameters of the trainable blocks."""
    seen, params = set(), []
    for m in modules:
        for p in m.parameters():
            if p.requires_grad and id(p) not in seen:
                seen.add(id(p))
                params.append(p)
    return torch.optim.AdamW(params, lr=LR, betas=BETAS, eps=EPS, weight_decay=WEIGHT_DECAY)


# ----------------------------------------------------------------------------------------------- losses
def normalize(x):
    """Ops.normalize: x / max(||x||_2, 1e-12) row-wise."""
    return F.normalize(x, dim=1, eps=1e-12)


def cosine(a, b):
    """Ops.cosine."""
    return (normalize(a) * normalize(b)).sum(1)


def lse(x):
    """Ops.logSumExp: m_i + log sum_j exp(x_ij - m_i), m detached."""
    m = x.max(dim=1, keepdim=True)[0].detach()
    return (x - m).exp().sum(1).log() + m.squeeze(1)


def diagonal_mask(n):
    """Ops.diagonalMask (a new array every call, as in the Java code)."""
    return torch.eye(n) * MASKED


def byol_loss(p, z):
    return cosine(p, z.detach()).mean() * -2 + 2


def nt_xent(z1, z2, t):
    b = z1.shape[0]
    u = normalize(torch.cat([z1, z2], 0))
    s = (u @ u.t()) / t + diagonal_mask(2 * b)
    pos = (u[:b] * u[b:]).sum(1) / t
    return (lse(s) - torch.cat([pos, pos], 0)).mean()


def dcl_loss(z0, z1, t):
    b = z0.shape[0]
    u0, u1 = normalize(z0), normalize(z1)
    cross = (u0 @ u1.t()) / t
    self_ = (u0 @ u0.t()) / t
    mask = diagonal_mask(b)
    negatives = torch.cat([self_ + mask, cross + mask], 1)
    positive = (u0 * u1).sum(1) / t
    return (lse(negatives) - positive).mean()


def moco_loss(query, key, queue, t):
    q = normalize(query)
    k = normalize(key.detach())
    pos = (q * k).sum(1, keepdim=True)
    neg = q @ queue.detach().t()
    logits = torch.cat([pos, neg], 1) / t
    return (lse(logits) - pos.squeeze(1) / t).mean()


def dino_loss(student, teacher, center, ts, tt):
    pt = ((teacher.detach() - center.detach()) / tt).softmax(1)
    log_ps = (student / ts).log_softmax(1)
    return -(pt * log_ps).sum(1).mean()


def dino_teacher_temperature(step, total, start=0.04, end=0.07):
    """Dino.teacherTemperature / DinoLoss.teacherTemperature."""
    warmup = max(1, total // 10)
    if warmup <= 0 or step >= warmup:
        return end
    return start + (end - start) * step / warmup


def sinkhorn(scores, eps=0.05, iterations=3):
    """SinkhornKnopp.codes."""
    s = scores.detach()
    b, k = s.shape
    q = ((s - s.max()) / eps).exp().t()
    q = q / q.sum()
    for _ in range(iterations):
        q = q / q.sum(1, keepdim=True) / k
        q = q / q.sum(0, keepdim=True) / b
    return (q * b).t()


def swav_loss(codes, scores, t):
    return -(codes.detach() * (scores / t).log_softmax(1)).sum(1).mean()


def simsiam_d(p, z):
    return -cosine(p, z.detach()).mean()


def losses_cosine(a, b, eps=1e-8):
    """train/Losses.cosine."""
    dot = (a * b).sum(1)
    na = a.square().sum(1).sqrt().clamp_min(eps)
    nb = b.square().sum(1).sqrt().clamp_min(eps)
    return dot / (na * nb)


# ------------------------------------------------------------------------------------------------ FLOPs
def backbone_macs(width):
    """Per-image multiply-adds of each convolution of the ConvNet-3 forward pass."""
    macs, s, c = [], IMAGE, CHANNELS
    for _ in range(DEPTH):
        macs.append(s * s * c * width * 9)
        c, s = width, s // 2
    return macs


def mlp_macs(dims):
    return sum(dims[i] * dims[i + 1] for i in range(len(dims) - 1))


def gflop_per_image(path, width, batch):
    """Analytic GFLOPs per training image of one step (see the module docstring for the rule)."""
    hs = HeadSizes(width)
    conv = backbone_macs(width)
    bb = sum(conv)
    bb_trained = 3 * bb - conv[0]  # forward + 2x backward, no input gradient for the first conv
    proj = mlp_macs([hs.h, hs.hidden, hs.out])
    views = 2
    if path == "byol":
        pred = mlp_macs([hs.out, hs.hidden, hs.out])
        macs = views * (bb_trained + 3 * proj + 3 * pred) + views * (bb + proj)
    elif path == "dino":
        head = proj + hs.out * hs.dino_prototypes
        macs = views * (bb_trained + 3 * head) + views * (bb + head)
    elif path == "moco":
        queue = min(4096, max(1, DATASET_SIZE // 2))
        macs = views * (bb_trained + 3 * proj) + views * (bb + proj) + 2 * (2 * queue * hs.out)
    elif path == "simclr":
        macs = views * (bb_trained + 3 * proj) + 3 * (2 * batch) ** 2 * hs.out / batch
    elif path == "dcl":
        macs = views * (bb_trained + 3 * proj) + 3 * (4 * batch * batch * hs.out) / batch
    elif path == "simsiam":
        proj_ss = mlp_macs([hs.h, hs.hidden, hs.hidden, hs.out])
        pred = mlp_macs([hs.out, hs.bottleneck, hs.out])
        macs = views * (bb_trained + 3 * proj_ss + 3 * pred)
    elif path == "swav":
        macs = views * (bb_trained + 3 * (proj + hs.out * hs.prototypes))
    elif path == "student":
        macs = views * (bb_trained + 3 * hs.h * STUDENT_TARGET_DIM)
    elif path == "embed":
        macs = bb
    else:
        raise ValueError(path)
    return 2.0 * macs / 1e9


# ------------------------------------------------------------------------------------------------ paths
def train_step(loss_fn, opt, after=None):
    """TrainingLoop.step: loss (recorded), backward, read the loss, AdamW, zero gradients, afterStep (no grad)."""

    def step(s, total):
        loss = loss_fn(s, total)
        loss.backward()
        value = loss.item()
        opt.step()
        opt.zero_grad(set_to_none=False)  # DJL: JniUtils.zeroGrad after each parameter's update
        if after is not None:
            with torch.no_grad():
                after(s, total)
        return value

    return step


def build_byol(w, x1, x2):
    hs = HeadSizes(w)
    online = nn.Sequential(convnet(w), mlp([hs.h, hs.hidden, hs.out]))
    predictor = mlp([hs.out, hs.hidden, hs.out])
    target = frozen_copy(online)
    opt = adamw([online, predictor])

    def loss_fn(s, total):
        p1 = predictor(online(x1))
        p2 = predictor(online(x2))
        with torch.no_grad():
            t1 = target(x1)
            t2 = target(x2)
        return byol_loss(p1, t2) + byol_loss(p2, t1)

    def after(s, total):
        ema(online, target, momentum_tau(0.99, 1.0, s + 1, total))

    return train_step(loss_fn, opt, after)


def build_contrastive(w, x1, x2, pair_loss):
    hs = HeadSizes(w)
    online = nn.Sequential(convnet(w), mlp([hs.h, hs.hidden, hs.out]))
    opt = adamw([online])
    return train_step(lambda s, total: pair_loss(online(x1), online(x2)), opt)


def build_simclr(w, x1, x2):
    return build_contrastive(w, x1, x2, lambda z1, z2: nt_xent(z1, z2, 0.2))


def build_dcl(w, x1, x2):
    return build_contrastive(w, x1, x2, lambda z1, z2: (dcl_loss(z1, z2, 0.1) + dcl_loss(z2, z1, 0.1)) * 0.5)


def build_dino(w, x1, x2):
    hs = HeadSizes(w)
    head = nn.Sequential(mlp([hs.h, hs.hidden, hs.out]), Normalize(), prototypes(hs.out, hs.dino_prototypes))
    student = nn.Sequential(convnet(w), head)
    normalize_prototypes(head[2])
    teacher = frozen_copy(student)
    center = torch.zeros(1, hs.dino_prototypes)
    opt = adamw([student])
    pending = {}

    def loss_fn(s, total):
        s1 = student(x1)
        s2 = student(x2)
        with torch.no_grad():
            t1 = teacher(x1)
            t2 = teacher(x2)
        pending["t"] = (t1, t2)
        tt = dino_teacher_temperature(s, total)
        return (dino_loss(s2, t1, center, 0.1, tt) + dino_loss(s1, t2, center, 0.1, tt)) * 0.5

    def after(s, total):
        normalize_prototypes(head[2])
        ema(student, teacher, momentum_tau(0.996, 1.0, s + 1, total))
        t1, t2 = pending.pop("t")
        batch_mean = torch.cat([t1, t2], 0).mean(0, keepdim=True)
        center.copy_(center * 0.9 + batch_mean * (1 - 0.9))

    return train_step(loss_fn, opt, after)


class Queue:
    """ssl/MoCoQueue: ring buffer of K x d unit keys, oldest rows overwritten first."""

    def __init__(self, size, dim, seed):
        g = torch.Generator().manual_seed(seed)
        self.keys = normalize(torch.randn(size, dim, generator=g))
        self.size, self.pointer = size, 0

    def enqueue(self, batch):
        k = normalize(batch.detach())
        b = k.shape[0]
        if b >= self.size:
            self.keys.copy_(k[b - self.size:])
            self.pointer = 0
            return
        first = min(b, self.size - self.pointer)
        self.keys[self.pointer:self.pointer + first] = k[:first]
        if first < b:
            self.keys[:b - first] = k[first:]
        self.pointer = (self.pointer + b) % self.size


def build_moco(w, x1, x2, seed):
    hs = HeadSizes(w)
    online = nn.Sequential(convnet(w), mlp([hs.h, hs.hidden, hs.out]))
    key_net = frozen_copy(online)
    size = min(4096, max(1, DATASET_SIZE // 2))
    queue1, queue2 = Queue(size, hs.out, seed), Queue(size, hs.out, seed + 1)
    opt = adamw([online])
    pending = {}

    def loss_fn(s, total):
        q1 = online(x1)
        q2 = online(x2)
        with torch.no_grad():
            k1 = key_net(x1)
            k2 = key_net(x2)
        pending["k"] = (k1, k2)
        return (moco_loss(q1, k2, queue2.keys, 0.2) + moco_loss(q2, k1, queue1.keys, 0.2)) * 0.5

    def after(s, total):
        ema(online, key_net, momentum_tau(0.99, 0.999, s + 1, total))
        k1, k2 = pending.pop("k")
        queue1.enqueue(k1)
        queue2.enqueue(k2)

    return train_step(loss_fn, opt, after)


def build_simsiam(w, x1, x2):
    hs = HeadSizes(w)
    online = nn.Sequential(convnet(w), mlp([hs.h, hs.hidden, hs.hidden, hs.out], bn_out=True))
    predictor = mlp([hs.out, hs.bottleneck, hs.out])
    opt = adamw([online, predictor])

    def loss_fn(s, total):
        z1 = online(x1)
        z2 = online(x2)
        return (simsiam_d(predictor(z1), z2) + simsiam_d(predictor(z2), z1)) * 0.5

    return train_step(loss_fn, opt)


def build_swav(w, x1, x2):
    hs = HeadSizes(w)
    online = nn.Sequential(convnet(w), mlp([hs.h, hs.hidden, hs.out]))
    protos = prototypes(hs.out, hs.prototypes)
    normalize_prototypes(protos)
    opt = adamw([online, protos])

    def loss_fn(s, total):
        p1 = protos(normalize(online(x1)))
        p2 = protos(normalize(online(x2)))
        q1 = sinkhorn(p1)
        q2 = sinkhorn(p2)
        return (swav_loss(q1, p2, 0.1) + swav_loss(q2, p1, 0.1)) * 0.5

    def after(s, total):
        normalize_prototypes(protos)

    return train_step(loss_fn, opt, after)


def build_student(w, x1, x2):
    net = nn.Sequential(convnet(w), nn.Linear(feature_dim(w), STUDENT_TARGET_DIM))
    r = torch.randn(x1.shape[0], STUDENT_TARGET_DIM)
    y = r / r.square().sum(1, keepdim=True).sqrt()
    opt = adamw([net])

    def loss_fn(s, total):
        p1 = net(x1)
        p2 = net(x2)
        c1 = 1 - losses_cosine(p1, y)
        c2 = 1 - losses_cosine(p2, y)
        return ((c1 + c2) * 0.5).mean()

    return train_step(loss_fn, opt)


def build_embed(w, x1, x2):
    prior = convnet(w).eval()

    def step(s, total):
        with torch.no_grad():
            return float(prior(x1)[0, 0])

    return step


def build(path, w, x1, x2, seed):
    if path == "moco":
        return build_moco(w, x1, x2, seed)
    return {"byol": build_byol, "dcl": build_dcl, "dino": build_dino, "simclr": build_simclr,
            "simsiam": build_simsiam, "swav": build_swav, "student": build_student, "embed": build_embed}[path](w, x1, x2)


def measure(path, a):
    torch.manual_seed(a.seed)
    x1 = torch.randn(a.batch, CHANNELS, IMAGE, IMAGE)
    x2 = torch.randn(a.batch, CHANNELS, IMAGE, IMAGE)
    step = build(path, a.width, x1, x2, a.seed)
    steps = max(a.steps, 50) if path == "embed" else a.steps
    total = a.warmup + steps
    value = float("nan")
    for s in range(a.warmup):
        value = step(s, total)
    t0 = time.perf_counter()
    for s in range(a.warmup, total):
        value = step(s, total)
    seconds = time.perf_counter() - t0
    if not math.isfinite(value):
        raise RuntimeError("%s: the last step gave %r" % (path, value))
    ips = steps * a.batch / seconds
    log("%-8s %3d steps %7.3f s  %9.1f img/s  last %s %.5g" % (path, steps, seconds, ips,
                                                               "output" if path == "embed" else "loss", value))
    return ips


def main(a):
    log("torch %s, %d threads, mkldnn %s, width %d, batch %d, %d+%d steps, paths %s"
        % (torch.__version__, torch.get_num_threads(), torch.backends.mkldnn.enabled, a.width, a.batch, a.warmup,
           a.steps, ",".join(a.paths)))
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "width": a.width, "batch": a.batch,
           "steps": a.steps, "warmup": a.warmup, "mkldnn": bool(torch.backends.mkldnn.enabled)}
    for path in a.paths:
        out[path + "_img_per_s"] = round(measure(path, a), 1)
        out[path + "_gflop_per_image"] = round(gflop_per_image(path, a.width, a.batch), 6)
        gc.collect()
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main(ARGS)
