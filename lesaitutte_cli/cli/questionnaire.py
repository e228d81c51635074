"""The interactive exam on a terminal, with questionary.

Ctrl-C and Ctrl-D end the exam at once: they raise out of the prompt instead of letting
questionary return None and carry on to the next question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lesaitutte_cli.output import visible

if TYPE_CHECKING:
    from lesaitutte_cli.services import ExamPaper


def ask_paper(paper: ExamPaper, answers: dict[str, tuple[int, ...]]) -> None:
    """Ask every question of the paper, filling `answers` as each one is given."""
    import questionary  # imported here: only the interactive exam needs it
    from prompt_toolkit.keys import Keys

    total = len(paper.questions)
    for number, question in enumerate(paper.questions, start=1):
        title = f"Question {number} of {total}: {visible(question.text)}"
        choices = [questionary.Choice(visible(text), value=index) for index, text in enumerate(question.choices)]
        if question.multiple:
            prompt = questionary.checkbox(
                title, choices=choices, instruction="(choose all that apply: Space toggles, Enter submits)"
            )
        else:
            prompt = questionary.select(title, choices=choices, instruction="(arrow keys, then Enter)")

        @prompt.application.key_bindings.add(Keys.ControlD, eager=True)
        def end_of_input(event):
            event.app.exit(exception=EOFError, style="class:aborting")

        chosen = prompt.unsafe_ask()
        answers[question.id] = tuple(chosen) if question.multiple else (chosen,)
