"""One function per use case; each runs inside one store transaction.

Each command imports the module of the use cases it runs (`lesaitutte_cli.services.questions`
for `claim`), so a command loads only the code it needs: nothing of exams or reports.
"""
