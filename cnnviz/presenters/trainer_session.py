"""What the trainer panel's controls choose, and the prepared data they lead to."""

from __future__ import annotations

import math
from dataclasses import dataclass

from cnnviz.core.datasets import Split, split_dataset
from cnnviz.core.train import DEFAULT_CONFIGS, Architecture, TrainConfig
from cnnviz.core.train import advised_lr as core_advised_lr
from cnnviz.media.folder_dataset import load_dataset

#: how many validation samples the panel's strip shows
STRIP_SAMPLES = 16
VAL_FRACTION = 0.2


@dataclass(frozen=True)
class TrainerSettings:
    """Every choice a student makes before pressing Start.

    ``size`` is the image side for shapes and folder datasets (0: the default);
    ``seed`` fixes the data split, the initial weights and the batch order.
    """

    dataset: str = "digits"
    data_dir: str = ""
    size: int = 0
    filters: int = 16
    kernel_size: int = 5
    pool: str = "max"
    hidden: int = 0
    blocks: int = 1
    optimizer: str = "adam"
    lr: float = 0.005
    batch_size: int = 32
    epochs: int = 12
    seed: int = 0

    @classmethod
    def for_dataset(cls, dataset: str, **changes: object) -> TrainerSettings:
        """Defaults tuned for ``dataset`` (see :data:`cnnviz.core.train.DEFAULT_CONFIGS`)."""
        c = DEFAULT_CONFIGS.get(dataset, DEFAULT_CONFIGS["digits"])
        base = cls(dataset=dataset, optimizer=c.optimizer, lr=c.lr, batch_size=c.batch_size, epochs=c.epochs)
        return cls(**{**base.__dict__, **changes})  # type: ignore[arg-type]

    @property
    def data_key(self) -> tuple[str, str, int, int]:
        """What decides the data: a change here means loading the dataset again."""
        return (self.dataset, self.data_dir if self.dataset == "folder" else "", self.size, self.seed)

    def config(self) -> TrainConfig:
        return TrainConfig(
            epochs=self.epochs, batch_size=self.batch_size, lr=self.lr,
            optimizer=self.optimizer, seed=self.seed,
        )

    def architecture(self, split: Split) -> Architecture:
        return Architecture(
            split.input_shape, split.num_classes, filters=self.filters,
            kernel_size=self.kernel_size, pool=self.pool, hidden=self.hidden,
            blocks=self.blocks,
        )


@dataclass(frozen=True)
class LearningRateAdvice:
    """A learning rate to try after a divergence; ``known``: it is the dataset's
    default, which trains the trainer's networks well with either optimiser."""

    lr: float
    known: bool


def advised_lr(lr: float, dataset: str) -> LearningRateAdvice:
    """The rate to advise after a run at ``lr`` diverged on ``dataset``.

    Dividing by ten is not enough from a wild rate (100 → 10 diverges again,
    1 trains to 23 %): any rate above the dataset's default gets the default
    (0.005 for digits and shapes), a rate known to train; a run that diverged
    at or below the default gets a tenth of its rate.
    """
    rate = core_advised_lr(lr, dataset)
    return LearningRateAdvice(rate, rate != lr / 10)


def batches_per_epoch(samples: int, batch_size: int) -> int:
    """Updates in one epoch over ``samples`` training images (the last batch may be short)."""
    return math.ceil(samples / max(1, min(batch_size, samples)))


def prepare_split(settings: TrainerSettings) -> Split:
    """Load and split the dataset ``settings`` names; raises ``ValueError`` in words."""
    ds = load_dataset(
        settings.dataset, data=settings.data_dir or None, size=settings.size or None, seed=settings.seed
    )
    return split_dataset(ds, VAL_FRACTION, seed=settings.seed)
