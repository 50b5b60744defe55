"""The command line's own words in Swedish: its help, and click's messages.

Help texts are written once, in English, where typer reads them (the
decorators); a Swedish run shows them from :data:`HELP_SV`, keyed by the
English text. They are looked up when help is shown, not when the commands
are defined, so one process can show help in either language (as the tests
do). A test fails on a help text without its Swedish line here.

click and typer word their usage errors in English with gettext, which has no
Swedish catalogue for them; :data:`CLICK_SV` holds the phrases a planner meets
(a missing argument, an unknown option, a value of the wrong kind), matched
whole, as ``_load`` does for the YAML parsers' phrases.
"""

from __future__ import annotations

import functools
import re

__all__ = ["CLICK_SV", "HELP_SV", "METAVARS_SV", "click_message", "metavar_words", "swedish_metavar"]

HELP_SV: dict[str, str] = {
    # the program
    "Goal governance (målstyrning) for Swedish municipalities: validate, assess and keep plans current.": (
        "Målstyrning för kommuner: granska, bedöm och håll verksamhetsplaner aktuella."
    ),
    "Show the version and exit.": "Visa versionen och avsluta.",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    # shared
    "The plan file (YAML).": "Planfilen (YAML).",
    "Plan files (YAML).": "Planfiler (YAML).",
    "Language of messages and labels. Default: $MALSTYRNING_LANG, else sv.": (
        "Språk för meddelanden och etiketter. Standard: $MALSTYRNING_LANG, annars sv."
    ),
    "Output format.": "Utdataformat.",
    # assess
    "Assess every indicator and goal of PLAN (a file or a kommun's folder) and show the result.": (
        "Bedöm varje indikator och mål i PLAN (en fil eller en kommuns mapp) och visa resultatet."
    ),
    "Year to assess. Default: the latest report in the plan's calendar with a value.": (
        "Året som bedöms. Standard: den senaste rapporten i planens kalender som har ett värde."
    ),
    "Period to assess at its end: 2018-T2, 2018-H1, 2018-Q3, 2018-05, or a year.": (
        "Perioden som bedöms, vid dess slut: 2018-T2, 2018-H1, 2018-K3, 2018-05, eller ett år."
    ),
    "The day to look from (YYYY-MM-DD). Default: today.": (
        "Dagen att räkna från (ÅÅÅÅ-MM-DD). Standard: i dag."
    ),
    "List what the next report back must cover, what is past its due date, what was moved.": (
        "Lista vad nästa återrapportering ska ta upp, vad som passerat klart-datum och vad som flyttats."
    ),
    "Report in the plan's calendar (rapporter) to assess at, e.g. delår.": (
        "Rapporten i planens kalender (rapporter) att bedöma vid, t.ex. delår."
    ),
    # diff
    "List what changed between two versions of plans: goals, indicators, targets, outcomes.": (
        "Lista vad som ändrats mellan två versioner av planer: mål, indikatorer, målvärden, utfall."
    ),
    (
        "OLD and NEW: two plan files, or two folders of plans (*.yaml, matched by their path "
        "in the folder). With --git: the plan files or folders to compare (default: .)."
    ): (
        "GAMMAL och NY: två planfiler, eller två mappar med planer (*.yaml, parade efter sökvägen "
        "i mappen). Med --git: planfilerna eller mapparna att jämföra (standard: .)."
    ),
    "Compare each plan as it was at this git revision (git show) with the working tree.": (
        "Jämför varje plan som den var i den här git-revisionen (git show) med arbetskatalogen."
    ),
    "Run as git's diff driver (diff.NAME.command): take the seven arguments git gives.": (
        "Kör som gits diff-program (diff.NAMN.command): ta de sju argument som git ger."
    ),
    "Exit with code 1 when there are differences.": "Avsluta med kod 1 när det finns skillnader.",
    # validate, lint, schema
    "Check that each PLAN is a valid plan; print every problem found.": (
        "Kontrollera att varje PLAN är en giltig plan; skriv ut varje fel som hittas."
    ),
    "Check each valid PLAN for weak spots; print each with its line, column and severity.": (
        "Leta efter svaga punkter i varje giltig PLAN; skriv ut var och en med rad, kolumn och allvar."
    ),
    "Exit with code 1 when there is a warning (info does not count).": (
        "Avsluta med kod 1 när det finns en varning (info räknas inte)."
    ),
    "Print the JSON Schema of the plan format, for editors (completion, help, validation).": (
        "Skriv ut planformatets JSON Schema, för redigerare (komplettering, hjälp, kontroll)."
    ),
    "Write the schema to this file instead of standard output (- : standard output).": (
        "Skriv schemat till den här filen i stället för till standard ut (- : standard ut)."
    ),
    # init
    "Write a new, commented plan to fill in (PATH, default plan.yaml); replaces a file only with --force.": (
        "Skriv en ny plan med kommentarer att fylla i (SÖKVÄG, standard plan.yaml); "
        "ersätter en fil bara med --force."
    ),
    "Replace an existing file.": "Ersätt en fil som redan finns.",
    "The new plan file, or - for standard output.": "Den nya planfilen, eller - för standard ut.",
    "The plan's year. Default: this year.": "Planens år. Standard: i år.",
    "The committee or department (organisation).": "Nämnden eller förvaltningen (organisation).",
    "The municipality (kommun). With a folder as PATH: a new kommun repository there.": (
        "Kommunen. Med en mapp som PATH: ett nytt kommunförråd där."
    ),
    "Path or URL of plan.schema.json, named on the plan's first line for editors.": (
        "Sökväg eller URL till plan.schema.json, som står på planens första rad för redigerare."
    ),
    # report, show
    "Write the follow-up report of PLAN: the verksamhetsberättelse, or during the year its delårsrapport.": (
        "Skriv uppföljningen av PLAN: verksamhetsberättelsen, eller under året delårsrapporten."
    ),
    "md, html, docx, xlsx or pdf. Default: from -o's extension, else md.": (
        "md, html, docx, xlsx eller pdf. Standard: efter filändelsen i -o, annars md."
    ),
    "The file to write, or - for standard output. Default: Markdown on stdout.": (
        "Filen som skrivs, eller - för standard ut. Standard: Markdown på standard ut."
    ),
    "How many years of outcomes the tables show.": "Hur många års utfall tabellerna visar.",
    (
        "Write the report back (återrapportering) named by its month, e.g. 2022-03, or id: "
        "the items due with status and text, what moved, what was started earlier."
    ): (
        "Skriv återrapporteringen med denna månad, t.ex. 2022-03, eller detta id: punkterna "
        "som ska rapporteras med status och text, vad som flyttats, vad som påbörjats tidigare."
    ),
    (
        "Draw one indicator's outcomes per year in the terminal, with its starting value and target;\n"
        "given a folder of plans, its series across the plan years with each year's target."
    ): (
        "Rita en indikators utfall per år i terminalen, med ingångsvärde och målvärde; "
        "med en mapp med planer dess serie över planåren med varje års mål."
    ),
    "The indicator's id.": "Indikatorns id.",
    # explain
    "Show every step that gave an indicator or a goal its label, in words and numbers.": (
        "Visa varje steg som gav en indikator eller ett mål dess bedömning, i ord och siffror."
    ),
    "The id of an indicator or a goal.": "Id för en indikator eller ett mål.",
    # site
    "Build a static follow-up site of the plans: goals, indicators, activities, economy and data.": (
        "Bygg en statisk uppföljningswebbplats: startsida, mål, indikatorer, aktiviteter, ekonomi, data, "
        "tillgänglighet."
    ),
    "A plan file, a folder of one year's plans, or a folder of year folders (plans/2017, plans/2018).": (
        "En planfil, en mapp med ett års planer, eller en mapp med årsmappar (plans/2017, plans/2018)."
    ),
    "The site's folder (made if missing).": "Webbplatsens mapp (skapas om den saknas).",
    "The date the pages give as their last update. Default: the latest year of their values.": (
        "Datumet som sidorna anger som senaste uppdatering. Standard: det senaste året de har värden för."
    ),
    # history
    "Show one indicator's outcomes, targets and labels across every plan year, with its renames.": (
        "Visa en indikators utfall, mål och bedömningar för varje planår, med dess namnbyten."
    ),
    "A folder of plans (YAML files, in its subfolders too), or one plan file.": (
        "En mapp med planer (YAML-filer, även i dess undermappar), eller en planfil."
    ),
    "The indicator's id in any of the plans; FILE:ID when several plans of one year have it.": (
        "Indikatorns id i någon av planerna; FIL:ID när flera planer för samma år har det."
    ),
    "The plan file (YAML), or a folder of plans: then the series across the plan years.": (
        "Planfilen (YAML), eller en mapp med planer: då serien över planåren."
    ),
    # record, import
    "Write one outcome (a VALUE, or --saknas REASON) for INDICATOR and YEAR into PLAN.": (
        "Skriv ett utfall (ett VÄRDE, eller --saknas SKÄL) för INDIKATOR och ÅR i PLAN."
    ),
    "The year of the outcome.": "Utfallets år.",
    'The value: 3.7, "3,7", "1 164", "85 %".': 'Värdet: 3.7, "3,7", "1 164", "85 %".',
    "A comment on the outcome.": "En kommentar till utfallet.",
    "No value: the reason, e.g. 'Enkät sker vartannat år'.": (
        "Inget värde: skälet, till exempel 'Enkät sker vartannat år'."
    ),
    "Replace a different existing outcome.": "Ersätt ett annat utfall som redan finns.",
    # status
    "Add a dated status report on the uppdrag or activity ID to PLAN.": (
        "Lägg till en daterad statusrapport för uppdraget eller aktiviteten ID i PLAN."
    ),
    "The id of an uppdrag or an activity.": "Id för ett uppdrag eller en aktivitet.",
    "ej påbörjad, pågående, genomförd, försenad, avbruten or framflyttad.": (
        "ej påbörjad, pågående, genomförd, försenad, avbruten eller framflyttad."
    ),
    "The report's date (YYYY-MM-DD). Default: today.": "Rapportens datum (ÅÅÅÅ-MM-DD). Standard: i dag.",
    "What has happened.": "Vad som har hänt.",
    "framflyttad: the report back it moves to, e.g. 2022-03.": (
        "framflyttad: återrapporteringen den flyttas till, till exempel 2022-03."
    ),
    "framflyttad: why.": "framflyttad: varför.",
    "Import outcomes into PLAN from a CSV file or from Kolada, all or nothing.": (
        "Läs in utfall i PLAN från en CSV-fil eller från Kolada, allt eller inget."
    ),
    "A CSV file: indikator, år, värde[, kommentar].": "En CSV-fil: indikator, år, värde[, kommentar].",
    "Fetch outcomes from Kolada.": "Hämta utfall från Kolada.",
    "Import a saved Kolada API response (JSON).": "Läs in ett sparat svar från Koladas API (JSON).",
    "Years to fetch from Kolada: 2017, 2015-2017 or 2015,2017.": (
        "År att hämta från Kolada: 2017, 2015-2017 eller 2015,2017."
    ),
    "Fill a jämförelse series from Kolada: NAME=MUNICIPALITY, e.g. riket=0000.": (
        "Fyll en jämförelseserie från Kolada: NAMN=KOMMUN, till exempel riket=0000."
    ),
    "Kolada API base URL (or $MALSTYRNING_KOLADA_URL).": (
        "Bas-URL till Koladas API (eller $MALSTYRNING_KOLADA_URL)."
    ),
    "Show what would change; write nothing.": "Visa vad som skulle ändras; skriv inget.",
    "Seconds the whole fetch from Kolada may take, retries included.": (
        "Sekunder som hela hämtningen från Kolada får ta, nya försök inräknade."
    ),
    # rollover
    "Write next year's plan from PLAN: same goals and indicators, new starting values.": (
        "Skriv nästa års plan utifrån PLAN: samma mål och indikatorer, nya ingångsvärden."
    ),
    "The new plan's year.": "Den nya planens år.",
    "Where to write it. Default: <year>.yaml beside PLAN.": (
        "Var den skrivs. Standard: <år>.yaml bredvid PLAN."
    ),
    "Replace an existing output file.": "Ersätt en fil som redan finns.",
}

# The metavars (what an argument or option takes), in Swedish; each word of a
# metavar is looked up (``[VALUE]``, ``PLAN...``, ``FILE.csv``), when help or
# a usage error is shown. A test fails on a metavar without its line here.
METAVARS_SV: dict[str, str] = {
    "PLAN": "PLAN",
    "INDICATOR": "INDIKATOR",
    "ID": "ID",
    "YEAR": "ÅR",
    "PERIOD": "PERIOD",
    "DATE": "DATUM",
    "REPORT": "RAPPORT",
    "YEARS": "ÅR",
    "VALUE": "VÄRDE",
    "TEXT": "TEXT",
    "REASON": "SKÄL",
    "STATUS": "STATUS",
    "WHEN": "NÄR",
    "FILE": "FIL",
    "PLANS": "PLANER",
    "FILE.csv": "FIL.csv",
    "SAVED.json": "SPARAD.json",
    "NAME": "NAMN",
    "NAME=ID": "NAMN=ID",
    "URL": "URL",
    "SECONDS": "SEKUNDER",
    "N": "N",
    "PATH": "SÖKVÄG",
    "OLD": "GAMMAL",
    "NEW": "NY",
    "REV": "REV",
    "PATH-OR-URL": "SÖKVÄG-ELLER-URL",
    "DIR": "MAPP",
}

# A metavar's words: upper case, joined by - or =, with a file's extension.
_METAVAR_WORD = re.compile(r"[A-Z]+(?:[-=][A-Z]+)*(?:\.[a-z]+)?")


def metavar_words(metavar: str) -> list[str]:
    """The words of ``metavar`` that :data:`METAVARS_SV` says in Swedish (``[VALUE]``: ``VALUE``)."""
    return _METAVAR_WORD.findall(metavar)


def swedish_metavar(metavar: str) -> str:
    """``metavar`` with each of its words in Swedish: ``[VALUE]`` is ``[VÄRDE]``."""
    return _METAVAR_WORD.sub(lambda word: METAVARS_SV.get(word[0], word[0]), metavar)


# click's and typer's words around the help and the errors.
WORDS_SV: dict[str, str] = {
    "Usage:": "Användning:",
    "[OPTIONS]": "[FLAGGOR]",
    "COMMAND [ARGS]...": "KOMMANDO [ARGUMENT]...",
    "Arguments": "Argument",
    "Options": "Flaggor",
    "Commands": "Kommandon",
    "[required]": "[krävs]",
    "Error": "Fel",
    "Try '{command} --help' for help.": "Skriv '{command} --help' för hjälp.",
    "Aborted!": "Avbrutet.",
}

# click's (and typer's) usage errors, matched whole; {0}, {1}: the groups.
# Compiled on first use: a run without a usage error does not pay for them.
CLICK_SV: list[tuple[str, str]] = [
    (r"Missing argument (.+)\.", "argumentet {0} saknas."),
    (r"Missing option (.+)\.", "flaggan {0} saknas."),
    (r"Missing parameter: (.+)", "{0} saknas"),
    (r"No such option: (\S+)", "okänd flagga: {0}"),
    (r"No such option: (\S+) Did you mean (\S+)\?", "okänd flagga: {0}. Menade du {1}?"),
    (r"No such option: (\S+)\s+\(Possible options: (.+)\)", "okänd flagga: {0} (möjliga flaggor: {1})"),
    (r"Missing command\.", "kommando saknas."),
    (r"No such command (.+)\.", "okänt kommando {0}."),
    (r"No such command (.+)\. Did you mean (.+)\?", "okänt kommando {0}. Menade du {1}?"),
    (r"Option (.+) requires an argument\.", "flaggan {0} behöver ett värde."),
    (r"Option (.+) requires (\d+) arguments\.", "flaggan {0} behöver {1} värden."),
    (r"Got unexpected extra argument \((.+)\)", "ett argument för mycket: {0}"),
    (r"Got unexpected extra arguments \((.+)\)", "argument för mycket: {0}"),
    (r"Invalid value for (.+?): (.+)", "ogiltigt värde för {0}: {1}"),
    (r"(.+) is not one of (.+)\.", "{0} är inte något av {1}."),
    (r"(.+) is not a valid integer\.", "{0} är inte ett heltal."),
    (r"(.+) is not a valid float\.", "{0} är inte ett tal."),
    (r"(.+) is not a valid boolean\.", "{0} är inte ja eller nej."),
    (r"Value error, (.+)", "{0}"),
    (r"Input should be a valid integer, unable to parse string as an integer", "ska vara ett heltal"),
    (r"Input should be a valid integer.*", "ska vara ett heltal"),
    (r"Input should be a valid number.*", "ska vara ett tal"),
    (r"Input should be '(.+)'", "ska vara '{0}'"),
    (r"Path (.+) does not exist\.", "sökvägen {0} finns inte."),
    (r"File (.+) does not exist\.", "filen {0} finns inte."),
    (r"Directory (.+) does not exist\.", "mappen {0} finns inte."),
    (r"File (.+) is a directory\.", "{0} är en mapp, inte en fil."),
    (r"Option (.+) does not take a value\.", "flaggan {0} tar inget värde."),
    (r"(.+) does not exist\.", "{0} finns inte."),
]


@functools.cache
def _compiled() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern, re.DOTALL), swedish) for pattern, swedish in CLICK_SV]


def click_message(message: str) -> str:
    """``message`` (a click or typer usage error) in Swedish, where its phrase
    is known; each part of an "Invalid value for X: Y" is translated too."""
    for pattern, swedish in _compiled():
        match = pattern.fullmatch(message.strip())
        if match:
            return swedish.format(*(click_message(group) for group in match.groups()))
    return message
