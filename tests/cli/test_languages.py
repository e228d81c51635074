"""The main flows in English and in Italian: the words change with the language, the data does not."""

import json

import pytest
from freezegun import freeze_time

from lesaitutte_cli import language

REWARDS = {"rewards": [{"id": "topup-5", "title": "5 EUR top-up", "cost": 1, "stock": 10}]}

# What each step prints, in each language; the ids and names are the data.
SAID = {
    "en": {
        "ask": "Posted question 1 in phones. Follow it with: lesaitutte show 1",
        "claim": "You hold question 1 until 2026-11-26 16:08:00 CET.",
        "answer": "Answered question 1. anna can now rate it up or down.",
        "rate": "Rated the answer to question 1 up. marco earns a point.",
        "me": "Points: 1 to spend (1 earned in all)",
        "leaderboard": ["rank", "user", "points", "answers", "up"],
        "redeem": "Redeemed 5 EUR top-up for 1 point. Voucher: LST-",
        "refused": "Error: Only anna, who asked question 1, may rate its answer.",
        "questions": ["id", "category", "status", "asker", "asked", "question"],
        "age": "3 minutes ago",
    },
    "it": {
        "ask": "Domanda 1 pubblicata in phones. Seguila con: lesaitutte show 1",
        "claim": "Hai in carico la domanda 1 fino al 26/11/2026 16:08.",
        "answer": "Hai risposto alla domanda 1. Ora anna può valutare la risposta.",
        "rate": "Hai dato un voto positivo alla risposta della domanda 1. marco guadagna un punto.",
        "me": "Punti: 1 da spendere (guadagnati in tutto: 1)",
        "leaderboard": ["pos.", "iscritto", "punti", "risposte", "positive"],
        "redeem": "Hai riscattato 5 EUR top-up per 1 punto. Buono: LST-",
        "refused": "Errore: Solo anna, che ha fatto la domanda 1, può valutarne la risposta.",
        "questions": ["n.", "categoria", "stato", "autore", "chiesta", "domanda"],
        "age": "3 minuti fa",
    },
}


@pytest.fixture(autouse=True)
def environment_language():
    yield
    language.choose(None)


@pytest.mark.parametrize("lang", ["en", "it"])
def test_the_main_flows_in_each_language(community, lang):
    community.seed(REWARDS)
    said = SAID[lang]

    def say(*args, user):
        result = community("--lang", lang, *args, user=user)
        return result.exit_code, result.stdout + result.stderr

    with freeze_time("2026-11-26 13:05:00"):
        assert say("ask", "Come vedo il mio IMEI?", "-c", "phones", user="anna") == (0, said["ask"] + "\n")
    with freeze_time("2026-11-26 13:08:00"):
        code, text = say("questions", user="marco")
        assert code == 0 and text.split("\n")[0].split() == said["questions"] and said["age"] in text
        code, text = say("claim", "1", user="marco")
        assert code == 0 and text.startswith(said["claim"])
        assert say("answer", "1", "Componi *#06#.", user="marco") == (0, said["answer"] + "\n")
        assert say("rate", "1", "up", user="carla") == (1, said["refused"] + "\n")
        assert say("rate", "1", "up", user="anna") == (0, said["rate"] + "\n")
        code, text = say("me", user="marco")
        assert code == 0 and said["me"] in text
        code, text = say("leaderboard", user="anna")
        assert code == 0 and text.split("\n")[0].split() == said["leaderboard"]
        code, text = say("redeem", "topup-5", user="marco")
        assert code == 0 and text.startswith(said["redeem"])


@pytest.mark.parametrize(
    ("count", "english", "italian"),
    [(1, "a bounty of 1 point", "una taglia di 1 punto"), (2, "a bounty of 2 points", "una taglia di 2 punti")],
)
def test_plurals_follow_the_number_in_each_language(community, count, english, italian):
    community("points", "adjust", "anna", "5", "--reason", "start", user="ada")
    for lang, words in (("en", english), ("it", italian)):
        result = community(
            "--lang", lang, "ask", f"Domanda {lang}?", "-c", "phones", "--bounty", str(count), user="anna"
        )
        assert result.exit_code == 0 and words in result.stdout


def test_italian_numbers_group_thousands(community):
    community("points", "adjust", "anna", "1234", "--reason", "migrazione", user="ada")
    assert "Punti: 1.234 da spendere" in community("--lang", "it", "me", user="anna").stdout
    assert "Points: 1,234 to spend" in community("--lang", "en", "me", user="anna").stdout


def test_a_rewards_name_is_headed_as_a_code_not_a_number_in_italian(community):
    community("reward", "add", "tshirt", "--title", "T-shirt", "--cost", "5", user="ada")
    assert community("--lang", "it", "rewards", user="anna").stdout.split()[:2] == ["codice", "premio"]
    assert community("--lang", "en", "rewards", user="anna").stdout.split()[:2] == ["id", "reward"]


def test_json_is_the_same_in_every_language(community):
    with freeze_time("2026-11-26 13:05:00"):
        community.json("ask", "Come vedo il mio IMEI?", "-c", "phones", user="anna")
        community.json("claim", "1", user="marco")
        outputs = {
            lang: [
                community("--lang", lang, *command, "--json", user=user).stdout
                for command, user in ((("show", "1"), "anna"), (("me",), "marco"), (("questions",), "anna"))
            ]
            for lang in ("en", "it")
        }
    assert outputs["en"] == outputs["it"]
    assert json.loads(outputs["it"][0])["status"] == "claimed"


def test_a_json_error_keeps_its_code_and_says_it_in_the_language(community):
    results = {lang: community("--lang", lang, "show", "99", "--json", user="anna") for lang in ("en", "it")}
    errors = {lang: json.loads(result.stderr)["error"] for lang, result in results.items()}
    assert results["en"].exit_code == results["it"].exit_code == 1
    assert errors["en"]["code"] == errors["it"]["code"] == 1
    assert errors["it"]["message"].startswith("La domanda 99 non esiste.")


def test_the_environment_chooses_italian_and_lang_overrides_it(community, monkeypatch):
    monkeypatch.setenv("LANG", "it_IT.UTF-8")
    assert "Opzioni:" in community("--help").stdout
    assert "Options:" in community("--lang", "en", "--help").stdout
    monkeypatch.setenv("LESAITUTTE_LANG", "en")
    assert "Options:" in community("--help").stdout


@pytest.mark.parametrize(
    "args, english, italian",
    [
        ([], "Usage: cli [OPTIONS] COMMAND [ARGS]...", "Uso: cli [OPZIONI] COMANDO [ARGOMENTI]..."),
        (["reward"], "Usage: cli reward [OPTIONS] COMMAND [ARGS]...", "Uso: cli reward [OPZIONI] COMANDO"),
        (["ask"], "Usage: cli ask [OPTIONS] TEXT", "Uso: cli ask [OPZIONI] TEXT"),
    ],
)
def test_usage_lines_name_their_placeholders_in_the_language(community, args, english, italian):
    assert community("--lang", "en", *args, "--help").stdout.startswith(english)
    assert community("--lang", "it", *args, "--help").stdout.startswith(italian)


def test_a_usage_error_shows_the_usage_line_in_italian(community):
    result = community("--lang", "it", "ask", user="anna")
    assert result.exit_code == 2
    assert result.stderr.startswith("Uso: cli ask [OPZIONI] TEXT")


def test_every_command_has_its_help_in_italian(community):
    from tests.cli.test_help import COMMANDS

    for path in COMMANDS:
        result = community("--lang", "it", *path, "--help")
        assert result.exit_code == 0
        assert "Esempio:" in result.stdout and "Example:" not in result.stdout, path


def test_a_groups_subcommands_are_listed_with_their_help_in_italian(community):
    listed = community("--lang", "it", "reward", "--help").stdout.split("Comandi:\n", 1)[1].splitlines()
    assert listed[0].split(maxsplit=1) == ["add", "Aggiungi un premio al catalogo."]
    english = community("reward", "--help").stdout.split("Commands:\n", 1)[1].splitlines()
    assert english[0].split(maxsplit=1) == ["add", "Add a reward to the catalogue."]


@pytest.mark.file_engine_only("writes over the store file")
def test_an_engine_error_is_said_in_italian(run):
    run.db.write_text("{not json")
    results = {lang: run("--lang", lang, "questions", user="anna") for lang in ("en", "it")}
    assert results["en"].exit_code == results["it"].exit_code == 3
    assert results["en"].stderr.startswith(f"Error: The store {run.db} is corrupt (")
    assert results["it"].stderr.startswith(f"Errore: L'archivio {run.db} è corrotto (")
    assert (
        results["it"]
        .stderr.rstrip()
        .endswith("non è stato toccato. Ripristinalo da un backup o usa un altro file con --db.")
    )


@pytest.mark.file_engine_only("damages a record in the store file's JSON")
def test_a_damaged_record_is_named_in_italian_inside_the_engine_error(community):
    community("ask", "Still there?", "--category", "phones", user="anna")
    document = json.loads(community.raw())
    next(iter(document["questions"].values())).update(text=None)
    community.db.write_text(json.dumps(document))
    result = community("--lang", "it", "questions", user="anna")
    assert result.exit_code == 3
    assert result.stderr.startswith(
        f"Errore: L'archivio {community.db} è danneggiato: il record di tipo domanda con id 1: lettura impossibile "
        "(doveva essere testo, invece è null None)."
    )
    assert result.stderr.rstrip().endswith("ripristina l'archivio e i suoi registri insieme, dallo stesso backup.")


def test_a_postgres_connection_error_is_said_in_italian(tmp_path):
    from tests.conftest import Runner

    nowhere = Runner(f"postgresql://nobody@/lesaitutte?host={tmp_path}", folder=tmp_path)
    result = nowhere("--lang", "it", "questions", user="anna")
    assert result.exit_code == 3
    said = result.stderr.strip()
    assert said.startswith(
        f"Errore: Impossibile connettersi al database PostgreSQL lesaitutte come nobody sul socket in {tmp_path}, "
        "porta 5432: "
    )
    assert said.endswith("Lì non c'è nessun server in ascolto: avvia PostgreSQL o controlla host e porta in --db.")


def test_a_fixture_problem_is_said_in_italian_at_its_json_path(run, tmp_path):
    fixture = tmp_path / "bad.json"
    document = {
        "rewards": [{"id": "x", "title": "T", "cost": 0}],
        "questions": [{"asker": "anna", "category": "nope", "text": 5}],
    }
    fixture.write_text(json.dumps(document))
    results = {lang: run("--lang", lang, "seed", str(fixture), user="ada") for lang in ("en", "it")}
    assert results["en"].exit_code == results["it"].exit_code == 2
    assert results["it"].stderr.splitlines() == [
        f"Errore: {fixture}: rewards[0].cost: deve essere da 1 a 1.000.000",
        f"{fixture}: questions[0].category: categoria 'nope' sconosciuta (esistono: internet, phones, services, tariffs)",
        f"{fixture}: questions[0].text: deve essere una stringa",
        "Non è stato caricato niente: correggi i 3 problemi qui sopra e rilancia seed.",
    ]
    assert results["en"].stderr.splitlines()[-1] == "Nothing was seeded: fix the 3 problems above and run seed again."


@pytest.fixture
def recorded(community):
    """Records holding texts the tool wrote: a point earned, a redemption, a bounty offered and
    refunded, a trainer's certification; and an admin's typed reason."""
    community.seed(REWARDS)
    community("points", "adjust", "anna", "5", "--reason", "benvenuta", user="ada")
    community("ask", "Come vedo l'IMEI?", "-c", "phones", user="anna")
    community("claim", "1", user="marco")
    community("answer", "1", "Componi *#06#.", user="marco")
    community("rate", "1", "up", user="anna")
    community("redeem", "topup-5", user="marco")
    community("ask", "Dove trovo il PUK?", "-c", "phones", "--bounty", "2", user="anna")
    community("withdraw", "2", user="anna")
    community("certify", "carla", "phones", user="tina")
    return community


# What each language shows of the texts the tool stored: the command, who runs it, English, Italian.
STORED_SAID = [
    (
        ("me", "--history"),
        "marco",
        "up rating of the answer to question 1",
        "valutazione positiva della risposta alla domanda 1",
    ),
    (("me", "--history"), "marco", "redeemed 5 EUR top-up", "riscattato 5 EUR top-up"),
    (
        ("me", "--history"),
        "anna",
        "bounty on question 2 refunded: withdrawn",
        "taglia sulla domanda 2 restituita: domanda ritirata",
    ),
    (("history", "marco"), "ada", "up from anna", "positiva, da anna"),
    (
        ("history", "carla"),
        "ada",
        "phones by tina (certified by a trainer)",
        "phones, da tina (certificato da un formatore)",
    ),
    (("show", "2"), "anna", "2 points refunded: withdrawn", "2 punti restituiti: domanda ritirata"),
]


@pytest.mark.parametrize("lang", ["en", "it"])
def test_texts_the_tool_stored_read_in_the_language_and_typed_ones_as_typed(recorded, lang, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")  # the tables clip to the terminal
    for args, user, *said in STORED_SAID:
        expected = said[("en", "it").index(lang)]
        assert expected in recorded("--lang", lang, *args, user=user).stdout, (args, expected)
    assert "benvenuta" in recorded("--lang", lang, "me", "--history", user="anna").stdout


def test_stored_texts_stay_english_in_json_and_in_the_store(recorded):
    shown = {lang: recorded.json("--lang", lang, "history", "anna", user="ada") for lang in ("en", "it")}
    assert shown["en"] == shown["it"]
    assert {"bounty on question 2 refunded: withdrawn", "+2: bounty on question 2 refunded: withdrawn"} & {
        item["detail"] for item in shown["it"]
    }
    reasons = [entry["reason"] for entry in recorded.json("--lang", "it", "me", "--history", user="marco")["history"]]
    assert reasons == ["up rating of the answer to question 1", "redeemed 5 EUR top-up"]


def test_an_exported_store_seeded_again_says_the_same_in_italian(recorded, tmp_path, monkeypatch):
    """The stored texts are as earlier versions wrote them, so an export seeds a store that shows them alike."""
    from tests.conftest import Runner

    exported = tmp_path / "export.json"
    assert recorded("export", str(exported), user="ada").exit_code == 0
    reasons = [entry["reason"] for entry in json.loads(exported.read_text())["ledger"]]
    assert "bounty on question 2 refunded: withdrawn" in reasons
    again = Runner(str(tmp_path / "again.json"), folder=tmp_path)
    assert again("seed", str(exported), user="ada").exit_code == 0
    monkeypatch.setenv("COLUMNS", "160")  # the tables clip to the terminal
    for store in (recorded, again):
        said = store("--lang", "it", "me", "--history", user="anna").stdout
        assert "taglia sulla domanda 2 restituita: domanda ritirata" in said


def test_an_admins_reason_is_shown_as_typed_even_when_it_reads_like_the_tools(community):
    community("points", "adjust", "anna", "3", "--reason", "bounty offered on question 9", user="ada")
    assert "bounty offered on question 9" in community("--lang", "it", "me", "--history", user="anna").stdout


def test_a_questions_history_keeps_its_columns_in_italian(recorded):
    shown = recorded("--lang", "it", "show", "1", user="anna").stdout.split("Cronologia:\n", 1)[1].splitlines()
    actors = {line.index(name) for line in shown for name in ("anna", "marco") if f" {name}" in line}
    assert "presa in carico" in shown[1] and len(actors) == 1
