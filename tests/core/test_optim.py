"""SGD with momentum and Adam against their formulas written out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cnnviz.core import SGD, Adam, Param

STEPS = 5


def _problem(seed: int = 0):
    rng = np.random.default_rng(seed)
    start = [rng.standard_normal((2, 3)), rng.standard_normal(4)]
    grads = [[rng.standard_normal(p.shape) for p in start] for _ in range(STEPS)]
    return start, grads


def _run(make_opt, start, grads):
    params = [Param(f"p{i}", v.copy()) for i, v in enumerate(start)]
    opt = make_opt(params)
    for step_grads in grads:
        for p, g in zip(params, step_grads):
            p.grad[...] = g
        opt.step()
    return [p.value for p in params]


@pytest.mark.parametrize("momentum, weight_decay", [(0.0, 0.0), (0.9, 0.0), (0.5, 0.01)])
def test_sgd_matches_formula(momentum, weight_decay):
    start, grads = _problem()
    lr = 0.1
    got = _run(lambda ps: SGD(ps, lr=lr, momentum=momentum, weight_decay=weight_decay), start, grads)
    for i, p0 in enumerate(start):
        p = p0.ravel().tolist()
        v = [0.0] * len(p)
        for step_grads in grads:
            g = step_grads[i].ravel().tolist()
            for j in range(len(p)):
                gj = g[j] + weight_decay * p[j]
                v[j] = momentum * v[j] + gj  # PyTorch's form: no dampening
                p[j] -= lr * v[j]
        np.testing.assert_allclose(got[i].ravel(), p, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("lr, betas, eps", [(1e-3, (0.9, 0.999), 1e-8), (0.05, (0.8, 0.99), 1e-4)])
def test_adam_matches_formula(lr, betas, eps):
    start, grads = _problem(1)
    b1, b2 = betas
    got = _run(lambda ps: Adam(ps, lr=lr, betas=betas, eps=eps), start, grads)
    for i, p0 in enumerate(start):
        p = p0.ravel().tolist()
        m = [0.0] * len(p)
        v = [0.0] * len(p)
        for t, step_grads in enumerate(grads, start=1):
            g = step_grads[i].ravel().tolist()
            for j in range(len(p)):
                m[j] = b1 * m[j] + (1 - b1) * g[j]
                v[j] = b2 * v[j] + (1 - b2) * g[j] ** 2
                m_hat = m[j] / (1 - b1**t)
                v_hat = v[j] / (1 - b2**t)
                p[j] -= lr * m_hat / (math.sqrt(v_hat) + eps)
        np.testing.assert_allclose(got[i].ravel(), p, rtol=1e-10, atol=1e-12)


def test_optimisers_match_torch():
    torch = pytest.importorskip("torch")
    start, grads = _problem(2)
    cases = [
        (lambda ps: SGD(ps, lr=0.05, momentum=0.9), lambda ts: torch.optim.SGD(ts, lr=0.05, momentum=0.9)),
        (
            lambda ps: SGD(ps, lr=0.05, momentum=0.9, weight_decay=0.1),
            lambda ts: torch.optim.SGD(ts, lr=0.05, momentum=0.9, weight_decay=0.1),
        ),
        (
            lambda ps: Adam(ps, lr=0.01, betas=(0.9, 0.999), eps=1e-8),
            lambda ts: torch.optim.Adam(ts, lr=0.01, betas=(0.9, 0.999), eps=1e-8),
        ),
    ]
    for ours, theirs in cases:
        got = _run(ours, start, grads)
        tensors = [torch.tensor(v.copy(), requires_grad=True) for v in start]
        opt = theirs(tensors)
        for step_grads in grads:
            for t, g in zip(tensors, step_grads):
                t.grad = torch.tensor(g)
            opt.step()
        for a, t in zip(got, tensors):
            np.testing.assert_allclose(a, t.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_updates_are_in_place_and_zero_grad_clears():
    value = np.ones(3)
    p = Param("w", value)
    p.grad[...] = [1.0, 2.0, 3.0]
    opt = SGD([p], lr=0.5, momentum=0.0)
    opt.step()
    assert p.value is value  # layers hold the same array
    np.testing.assert_allclose(value, [0.5, 0.0, -0.5])
    opt.zero_grad()
    np.testing.assert_array_equal(p.grad, 0)
    assert p.grad.shape == (3,)


def test_float32_params_stay_float32():
    p = Param("w", np.ones(4, np.float32))
    p.grad[...] = 0.5
    for opt in (SGD([p], lr=0.1), Adam([p], lr=0.1)):
        opt.step()
        assert p.value.dtype == np.float32


@pytest.mark.parametrize("lr", [0, -0.1, float("nan"), float("inf"), "0.1", None])
def test_bad_learning_rate(lr):
    p = Param("w", np.ones(2))
    with pytest.raises(ValueError, match="learning rate must be a positive number"):
        SGD([p], lr=lr)
    with pytest.raises(ValueError, match="learning rate must be a positive number"):
        Adam([p], lr=lr)


@pytest.mark.parametrize("momentum", [-0.1, 1.0, 1.5])
def test_bad_momentum(momentum):
    with pytest.raises(ValueError, match=r"momentum must lie in \[0, 1\)"):
        SGD([Param("w", np.ones(2))], lr=0.1, momentum=momentum)


@pytest.mark.parametrize(
    "betas, eps",
    [
        ((1.0, 0.999), 1e-8),
        ((0.9, 1.0), 1e-8),
        ((-0.1, 0.9), 1e-8),
        ((0.9, 0.999), 0.0),
        ((0.9, 0.999), float("nan")),
    ],
)
def test_bad_adam_settings(betas, eps):
    # beta = 1 divides by zero in the bias correction; eps = 0 divides by zero on a zero gradient
    with pytest.raises(ValueError, match="betas must lie in|eps must be a positive number"):
        Adam([Param("w", np.ones(2))], lr=0.1, betas=betas, eps=eps)
