"""The neuron page's words: activation and preset names, preset explanations.

Each string is a literal ``QCoreApplication.translate("NeuronPresenter", …)``
call, the form ``pyside6-lupdate`` collects.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def activation_label(name: str) -> str:
    """The translated menu name of activation ``name``."""
    labels = {
        "sigmoid": QCoreApplication.translate("NeuronPresenter", "sigmoid"),
        "tanh": QCoreApplication.translate("NeuronPresenter", "tanh"),
        "relu": QCoreApplication.translate("NeuronPresenter", "ReLU"),
        "leaky_relu": QCoreApplication.translate("NeuronPresenter", "leaky ReLU"),
        "step": QCoreApplication.translate("NeuronPresenter", "step"),
        "identity": QCoreApplication.translate("NeuronPresenter", "identity"),
    }
    return labels.get(name, name)


def preset_label(name: str) -> str:
    """The translated menu name of preset ``name`` ("custom" included)."""
    labels = {
        "and": QCoreApplication.translate("NeuronPresenter", "AND"),
        "or": QCoreApplication.translate("NeuronPresenter", "OR"),
        "not": QCoreApplication.translate("NeuronPresenter", "NOT"),
        "festival": QCoreApplication.translate("NeuronPresenter", "Music festival"),
        "custom": QCoreApplication.translate("NeuronPresenter", "custom"),
    }
    return labels.get(name, name)


def preset_note(name: str) -> str:
    """What preset ``name`` shows and why, in one or two translated sentences."""
    notes = {
        "and": QCoreApplication.translate(
            "NeuronPresenter",
            "The article's AND neuron: only x1 = x2 = 1 makes z positive (z = 10, sigmoid(10) ≈ 1); "
            "every other row has z ≤ -10, where sigmoid ≈ 0.",
        ),
        "or": QCoreApplication.translate(
            "NeuronPresenter", "OR: one input of 1 is enough, z = 20 - 10 = 10 > 0; with none, z = -10."
        ),
        "not": QCoreApplication.translate(
            "NeuronPresenter", "NOT: one input; x1 = 0 gives z = 10 (a ≈ 1), x1 = 1 gives z = -10 (a ≈ 0)."
        ),
        "festival": QCoreApplication.translate(
            "NeuronPresenter",
            "Go to the music festival? x1 = you like the performers (weight 7), x2 = you have "
            "company (weight 3). The bias -5 is a threshold of 5: go (1) when 7·x1 + 3·x2 ≥ 5, "
            "so liking the performers decides.",
        ),
    }
    return notes.get(
        name,
        QCoreApplication.translate(
            "NeuronPresenter", "Your own neuron: change any number and watch z, a and the table follow."
        ),
    )
