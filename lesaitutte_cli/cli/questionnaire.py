"""The interactive exam on a terminal, with questionary.

Ctrl-C and Ctrl-D end the exam at once: they raise out of the prompt instead of letting
questionary return None and carry on to the next question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lesaitutte_cli.language import _
from lesaitutte_cli.output import terminal_width, visible, wrapped

# Columns before a choice's text: questionary's pointer, then a checkbox's tick. Lines after a
# choice's first are indented as far, so a long choice reads as one block.
SELECT_INDENT, CHECKBOX_INDENT = 3, 5

if TYPE_CHECKING:
    from lesaitutte_cli.services.exams import ExamPaper


def ask_paper(paper: ExamPaper, answers: dict[str, tuple[int, ...]]) -> None:
    """Ask every question of the paper, filling `answers` as each one is given."""
    import questionary  # imported here: only the interactive exam needs it
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
    from prompt_toolkit.keys import Keys

    total = len(paper.questions)
    # Wrapped here because questionary cuts a line at the terminal's edge, hiding the end of a choice.
    width = terminal_width() - 1
    for number, question in enumerate(paper.questions, start=1):
        heading = _("Question {number} of {total}: {text}").format(
            number=number, total=total, text=visible(question.text)
        )
        title = wrapped(heading, width - 2)
        indent = CHECKBOX_INDENT if question.multiple else SELECT_INDENT
        choices = [
            questionary.Choice(wrapped(visible(text), width - indent, " " * indent), value=index)
            for index, text in enumerate(question.choices)
        ]
        if question.multiple:
            prompt = questionary.checkbox(
                title, choices=choices, instruction=_("(choose all that apply: Space toggles, Enter submits)")
            )
        else:
            prompt = questionary.select(title, choices=choices, instruction=_("(arrow keys, then Enter)"))

        bindings = prompt.application.key_bindings
        assert isinstance(bindings, KeyBindings)  # questionary's prompts have their own

        @bindings.add(Keys.ControlD, eager=True)
        def end_of_input(event: KeyPressEvent) -> None:
            event.app.exit(exception=EOFError, style="class:aborting")

        chosen = prompt.unsafe_ask()
        answers[question.id] = tuple(chosen) if question.multiple else (chosen,)
