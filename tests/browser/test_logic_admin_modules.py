"""The admin pages' pure logic modules (routes, roster, questionnaire editor,
charts, proposal rows), run as ES modules inside the real browser: each case
is a call and a result (the participant side's are in test_logic_modules.py).
"""
import pytest

pytestmark = pytest.mark.browser


def test_admin_routes(call):
    assert call("admin-routes.js", "parseRoute", "") == {"cohort": None, "program": None, "view": None}
    assert call("admin-routes.js", "parseRoute", "?cohort=c%201") == {"cohort": "c 1", "program": None, "view": None}
    assert call("admin-routes.js", "parseRoute", "?program=p&view=report") == {
        "cohort": None, "program": "p", "view": "report"}
    assert call("admin-routes.js", "parseRoute", "?view=nonsense")["view"] is None
    assert call("admin-routes.js", "routeUrl", {"cohort": "c 1"}) == "/admin/?cohort=c%201"
    assert call("admin-routes.js", "routeUrl", {"cohort": None}) == "/admin/"
    assert call("admin-routes.js", "routeUrl", {"cohort": "c", "view": "report"}) == "/admin/?cohort=c&view=report"
    assert call("admin-routes.js", "routeUrl", {"view": "audit"}) == "/admin/?view=audit"
    views = {search: call("admin-routes.js", "viewOf", call("admin-routes.js", "parseRoute", search))
             for search in ["", "?program=new", "?program=p", "?program=p&view=report", "?cohort=c",
                            "?cohort=c&view=report", "?view=audit", "?view=admins"]}
    assert views == {"": "home", "?program=new": "new-program", "?program=p": "program",
                     "?program=p&view=report": "program-report", "?cohort=c": "cohort",
                     "?cohort=c&view=report": "cohort-report", "?view=audit": "audit", "?view=admins": "admins"}
    assert call("admin-routes.js", "sectionOf", {"cohort": "c", "view": "report"}) == "programs"
    assert call("admin-routes.js", "sectionOf", {"view": "admins"}) == "admins"


def test_svg_builder_makes_svg_elements(page):
    page.goto("/")
    made = page.evaluate("""async () => {
        const { svg, h } = await import("/js/dom.js");
        const chart = svg("svg", { viewBox: "0 0 10 10", class: "chart", role: "img", "aria-label": "A bar" },
            svg("rect", { x: 0, y: 2, width: 4, height: 8 }), svg("title", {}, "<b>4</b>"));
        document.body.append(chart);
        const rect = chart.querySelector("rect").getBBox();
        const html = h("div", {});
        return { ns: chart.namespaceURI, rectNs: chart.firstChild.namespaceURI,
                 viewBox: chart.getAttribute("viewBox"), cls: chart.getAttribute("class"),
                 width: rect.width, height: rect.height, title: chart.lastChild.textContent,
                 htmlNs: html.namespaceURI, bold: chart.querySelectorAll("b").length };
    }""")
    assert made["ns"] == made["rectNs"] == "http://www.w3.org/2000/svg"
    assert made["viewBox"] == "0 0 10 10" and made["cls"] == "chart"
    assert (made["width"], made["height"]) == (4, 8), "an SVG element draws: it has a box"
    assert made["title"] == "<b>4</b>" and made["bold"] == 0, "text stays text"
    assert made["htmlNs"] == "http://www.w3.org/1999/xhtml"


def test_roster_filters_and_orders(call):
    people = [
        {"name": "Ana", "email": "ana@x.org", "role": "mentor", "created_at": "2026-01-02T00:00:00Z"},
        {"name": "Bo", "email": "bo@x.org", "role": "mentee", "created_at": "2026-01-03T00:00:00Z"},
        {"name": "Cy", "email": "cy@x.org", "role": "mentee", "created_at": "2026-01-02T00:00:00Z"},
    ]
    assert [p["name"] for p in call("roster.js", "newestFirst", people)] == ["Bo", "Ana", "Cy"]
    assert [p["name"] for p in call("roster.js", "filterParticipants", people, {"query": " X.ORG ", "role": "mentee"})] == ["Bo", "Cy"]
    assert [p["name"] for p in call("roster.js", "filterParticipants", people, {"query": "an"})] == ["Ana"]
    assert call("roster.js", "shownText", 25, 160, 160) == "Showing 25 of 160 participants."
    assert call("roster.js", "shownText", 25, 1200, 14500) == "1,200 of 14,500 participants match; showing 25."
    assert call("roster.js", "shownText", 2, 2, 160) == "2 of 160 participants match."
    assert call("roster.js", "shownText", 1, 1, 160) == "1 of 160 participants matches."
    assert call("roster.js", "shownText", 25, 40, 160) == "40 of 160 participants match; showing 25."
    assert call("roster.js", "shownText", 3, 3, 3) == "Showing all 3 participants."
    assert call("roster.js", "shownText", 0, 0, 160) == "No participant matches."


def test_questionnaire_edit_ids_moves_and_api_shape(call):
    assert call("questionnaire-edit.js", "slugify", "What's your team?") == "what_s_your_team"
    assert call("questionnaire-edit.js", "slugify", "Équipe") == "equipe"
    assert call("questionnaire-edit.js", "slugify", "2nd language") == "q_2nd_language"
    assert call("questionnaire-edit.js", "slugify", "Name") == "name_answer"  # a participant's own column
    assert call("questionnaire-edit.js", "slugify", "!!!") == "question"
    assert len(call("questionnaire-edit.js", "slugify", "x" * 80)) <= 36
    ids = [q["id"] for q in call("questionnaire-edit.js", "withIds", [
        {"id": "team", "label": "Team"}, {"id": None, "label": "Team"}, {"id": None, "label": "Team"}])]
    assert ids == ["team", "team_2", "team_3"]
    assert call("questionnaire-edit.js", "moveItem", ["a", "b", "c"], 0, 1) == ["b", "a", "c"]
    assert call("questionnaire-edit.js", "moveItem", ["a", "b", "c"], 2, -2) == ["c", "a", "b"]
    assert call("questionnaire-edit.js", "moveItem", ["a", "b"], 1, 1) == ["a", "b"]
    assert call("questionnaire-edit.js", "parseOptions", " a \n\n b\n") == ["a", "b"]
    made = call("questionnaire-edit.js", "apiQuestionnaire", [
        {"id": None, "label": " Team ", "type": "choice", "options": ["x", "y"], "min": 3, "required": True,
         "roles": ["mentee"], "help": " "},
        {"id": "lvl", "label": "Level", "type": "scale", "min": 1, "max": 4, "options": ["stale"],
         "required": False, "roles": ["mentor", "mentee"], "help": "1 is new"}])
    assert made == {"questions": [
        {"id": "team", "label": "Team", "type": "choice", "required": True, "roles": ["mentee"], "options": ["x", "y"]},
        {"id": "lvl", "label": "Level", "type": "scale", "required": False, "roles": ["mentor", "mentee"],
         "help": "1 is new", "min": 1, "max": 4}]}


def test_questionnaire_problems_name_the_api_fields(call):
    questions = [
        {"label": "", "type": "text", "roles": ["mentee"]},
        {"label": "Pick", "type": "choice", "options": ["only"], "roles": []},
        {"label": "Pick", "type": "multi_choice", "options": ["a;b", "c"], "roles": ["mentor"]},
        {"label": "Dup", "type": "choice", "options": ["A", "a"], "roles": ["mentor"]},
        {"label": "N", "type": "number", "min": 5, "max": 5, "roles": ["mentor"]},
        {"label": "S", "type": "scale", "min": 1.5, "max": 4, "roles": ["mentor"]},
    ]
    fields = [p["field"] for p in call("questionnaire-edit.js", "questionnaireProblems", questions)]
    assert fields == ["questionnaire.questions[0].label", "questionnaire.questions[1].roles",
                      "questionnaire.questions[1].options", "questionnaire.questions[2].options",
                      "questionnaire.questions[3].options", "questionnaire.questions[4].max",
                      "questionnaire.questions[5].min"]
    defaults = call("questionnaire-edit.js", "defaultQuestions")
    assert call("questionnaire-edit.js", "questionnaireProblems", defaults) == []
    # The server's default criteria read these ids (functions/domain/questionnaire.py).
    assert [q["id"] for q in defaults] == ["offers", "wants", "languages", "level"]


def test_csv_quoting_and_rows(call):
    assert call("csv.js", "toCsv", [["a", "b,c"], ['say "hi"', None], [-5, "=SUM(A1)"]]) == (
        'a,"b,c"\r\n"say ""hi""",\r\n-5,\'=SUM(A1)\r\n')
    assert call("csv.js", "dataRows", "role,name\nmentor,a\n\nmentee,\"b\nc\"\n") == 2
    assert call("csv.js", "dataRows", "role,name\n") == 0


def test_report_charts_from_the_report_json(call):
    report = {
        "counts": {"mentor": 3, "mentee": 5}, "seats": 6, "matches": 0, "withdrawn": 1,
        "charts": [
            {"id": "enrolment", "title": "Enrolment over time by role", "columns": ["date", "mentors", "mentees"],
             "rows": [["2027-01-01", 2, 5], ["2027-01-02", 3, 5]], "text": "3 mentors and 5 mentees."},
            {"id": "scores", "title": "Match score distribution", "columns": ["score", "matches"],
             "rows": [["0–20", 0], ["20–40", 0]], "text": "No published matches yet."},
            {"id": "diversity-gender", "title": "Enrolment by gender", "columns": ["group", "mentors", "mentees", "total"],
             "rows": [["woman", None, 12, 14], ["not said", None, None, None]], "text": "Counts under 10 are hidden."},
        ]}
    made = call("report-data.js", "reportCharts", report)
    assert [c["id"] for c in made["charts"]] == ["chart-enrolment", "chart-scores"]
    enrolment, scores = made["charts"]
    assert enrolment["kind"] == "line" and enrolment["columns"] == ["Date", "Mentors", "Mentees"]
    assert enrolment["description"] == "3 mentors and 5 mentees."
    assert scores["rows"] == [], "all-zero bins are the empty state, not a flat chart"
    [gender] = made["diversity"]
    assert gender["id"] == "chart-diversity-gender" and gender["drawn"] == [1, 2]
    assert gender["rows"][1] == ["not said", None, None, None]
    assert call("report-data.js", "reportTotals", report) == [
        ["Mentors", "3"], ["Mentees", "5"], ["Mentor seats", "6"], ["Matches", "0"], ["Withdrawn", "1"]]
    assert call("charts.js", "niceScale", 43) == {"step": 20, "top": 60}
    assert call("charts.js", "niceScale", 2) == {"step": 1, "top": 2}
    assert call("charts.js", "niceScale", 38) == {"step": 10, "top": 40}
    assert call("charts.js", "niceScale", 0) == {"step": 1, "top": 1}


def test_roster_seats_status_and_matched(call):
    people = [
        {"role": "mentor", "capacity": 3}, {"role": "mentor"}, {"role": "mentor", "capacity": 2, "status": "withdrawn"},
        {"role": "mentee", "matched": True}, {"role": "mentee", "status": "withdrawn"}, {"role": "mentee", "match": None},
    ]
    assert call("roster.js", "seats", people) == {"seats": 3, "mentees": 2}
    assert len(call("roster.js", "filterParticipants", people, {"status": "withdrawn"})) == 2
    assert len(call("roster.js", "filterParticipants", people, {"role": "mentee", "matched": "no"})) == 2
    assert len(call("roster.js", "filterParticipants", people, {"matched": "yes"})) == 1


def test_lifecycle_transitions_and_their_buttons(call):
    assert call("format.js", "nextStates", "draft") == []  # not known before the life cycle arrives
    call("format.js", "setLifecycle", {"states": [{"id": "archived", "label": "Archived"}],
                                       "transitions": {"draft": ["enrolling"], "review": ["published", "matching"]}})
    assert call("format.js", "nextStates", "draft") == ["enrolling"]
    assert call("format.js", "nextStates", "closed") == []
    assert call("format.js", "transitionLabel", "draft", "enrolling") == "Open enrolment"
    assert call("format.js", "transitionLabel", "enrolling", "matching") == "Close enrolment"
    assert call("format.js", "transitionLabel", "review", "matching") == "Back to matching"
    assert call("format.js", "transitionLabel", "draft", "matching") == "Start matching"  # an imported cohort
    assert call("format.js", "transitionLabel", "x", "somewhere") == "Move to “somewhere”"


def test_run_summary_and_audit_and_admin_shapes(call):
    assert call("match-run.js", "runSummary", {"matched": 20, "unmatched": 3, "mean_score": 71.26}) == (
        "20 matches, 3 unmatched, average score 71.3.")
    assert call("match-run.js", "runSummary", None) == ""
    assert call("audit-view.js", "auditEntries", {"entries": [], "next": "/api/admin/audit?cursor=x"}) == {
        "entries": [], "next": "/api/admin/audit?cursor=x"}
    assert call("audit-view.js", "auditEntries", None) == {"entries": [], "next": None}
    listed = call("admins-view.js", "adminList", {
        "admins": [{"id": "a@x.org", "email": "a@x.org", "created_at": "2027-01-01T00:00:00Z"}],
        "invitations": [{"email": "b@x.org", "invited_by": "a@x.org", "expires": "2027-01-04T00:00:00Z"}]})
    assert [(a["email"], a["invited"]) for a in listed] == [("a@x.org", False), ("b@x.org", True)]
    by_claim = call("admins-view.js", "adminList", {"admins": [
        {"id": "c@x.org", "email": "c@x.org", "created_at": None, "granted_by": "sso-claim"}]})
    assert by_claim[0]["grantedBy"] == "sso-claim"


def test_a_chart_draws_its_numbers_and_hides_suppressed_cells(page):
    page.goto("/")
    made = page.evaluate("""async () => {
        const { chartFigure } = await import("/js/charts.js");
        const figure = chartFigure({ id: "chart-t", title: "By group", description: "Two groups.",
            columns: ["Group", "Mentors", "Mentees", "Total"], drawn: [1, 2],
            rows: [["a", 12, 30, 42], ["b", null, 15, null]] });
        document.body.append(figure);
        const svg = figure.querySelector("svg");
        return { bars: svg.querySelectorAll("rect").length, role: svg.getAttribute("role"),
                 labelledBy: svg.getAttribute("aria-labelledby"),
                 cells: [...figure.querySelectorAll("table tbody tr")].map((tr) => [...tr.cells].map((c) => c.textContent)),
                 download: figure.querySelector("a[download]").getAttribute("download"),
                 heights: [...svg.querySelectorAll("rect")].map((r) => Number(r.getAttribute("height"))) };
    }""")
    # a: two bars (the total is in the table, not drawn); b: one (its mentors are hidden).
    assert made["bars"] == 3
    assert made["role"] == "img" and made["labelledBy"] == "chart-t-title chart-t-desc"
    assert made["cells"] == [["a", "12", "30", "42"], ["b", "hidden", "15", "hidden"]]
    assert made["download"] == "chart-t.csv"
    assert made["heights"][1] > made["heights"][2] > made["heights"][0] > 0  # 30, 15, 12


PROPOSAL = {"matches": [
    {"mentee": "e1", "mentor": "m1", "score": 72.5, "reasons": []},
    {"mentee": "e2", "mentor": "m2", "score": 40, "reasons": []},
    {"mentee": "e3", "mentor": "m1", "score": 55, "reasons": []},
    {"mentee": "e4", "mentor": "m2", "score": 40, "reasons": []}],
    "unmatched": [{"mentee": "e5", "reason": "no mentor shares a language (required)"}]}
NAMES = {"e1": "Ana", "e2": "Bea", "e3": "Cleo", "e4": "Dora", "e5": "Eve", "m1": "Zoe", "m2": "Yara"}


def test_proposal_rows_filter_by_name_and_score_below(call):
    rows = call("matching-logic.js", "proposalRows", PROPOSAL, NAMES)["matches"]
    assert [r["mentee"] for r in rows] == ["Ana", "Bea", "Cleo", "Dora"]
    assert [r["mentee"] for r in call("matching-logic.js", "filterRows", rows, {"text": " zOE"})] == ["Ana", "Cleo"]
    assert [r["mentee"] for r in call("matching-logic.js", "filterRows", rows, {"below": "55"})] == ["Bea", "Dora"]
    assert [r["mentee"] for r in call("matching-logic.js", "filterRows", rows, {"text": "yara", "below": 41})] == [
        "Bea", "Dora"]
    assert len(call("matching-logic.js", "filterRows", rows, {"below": ""})) == 4  # blank: no limit
    assert call("matching-logic.js", "filterRows", rows, {"below": 40}) == []     # strictly below


def test_proposal_rows_sort_by_each_column_with_stable_ties(call):
    rows = call("matching-logic.js", "proposalRows", PROPOSAL, NAMES)["matches"]

    def order(key, direction):
        return [r["mentee"] for r in call("matching-logic.js", "sortRows", rows, key, direction)]
    assert order("score", "ascending") == ["Bea", "Dora", "Cleo", "Ana"]    # 40, 40 by name
    assert order("score", "descending") == ["Ana", "Cleo", "Bea", "Dora"]   # ties still by name
    assert order("mentor", "ascending") == ["Bea", "Dora", "Ana", "Cleo"]   # Yara, then Zoe
    assert order("mentee", "descending") == ["Dora", "Cleo", "Bea", "Ana"]
    assert call("matching-logic.js", "nextSort", None, "score") == {"key": "score", "direction": "ascending"}
    assert call("matching-logic.js", "nextSort", {"key": "score", "direction": "ascending"}, "score") == {
        "key": "score", "direction": "descending"}
    assert call("matching-logic.js", "nextSort", {"key": "score", "direction": "descending"}, "mentor") == {
        "key": "mentor", "direction": "ascending"}


def test_group_rows_gather_each_mentors_mentees_and_sort_as_groups(call):
    rows = call("matching-logic.js", "proposalRows", PROPOSAL, NAMES)["matches"]
    groups = call("matching-logic.js", "groupRows", rows, {"m1": 3, "m2": 2})
    assert [(g["mentor"], [m["mentee"] for m in g["members"]], g["size"], g["capacity"], g["meanScore"])
            for g in groups] == [("Zoe", ["Ana", "Cleo"], 2, 3, 63.75), ("Yara", ["Bea", "Dora"], 2, 2, 40)]
    by_score = call("matching-logic.js", "sortGroups", groups, "score", "ascending")
    assert [g["mentor"] for g in by_score] == ["Yara", "Zoe"]
    assert [g["mentor"] for g in call("matching-logic.js", "sortGroups", groups, "mentor", "descending")] == [
        "Zoe", "Yara"]


def test_count_summary_in_words(call):
    stats = {"allowed_pairs": 12345, "mentees_with_none": 3, "mentors_with_none": 0,
             "saved": {"allowed_pairs": 13002, "version": 2}}
    assert call("matching-logic.js", "countSummary", stats) == (
        "Allowed pairs with this policy: 12,345 (13,002 with the saved policy); "
        "3 mentees have no allowed mentor.")
    one = {"allowed_pairs": 1, "mentees_with_none": 1, "mentors_with_none": 1,
           "saved": {"error": "criteria must be a non-empty list"}}
    assert call("matching-logic.js", "countSummary", one) == (
        "Allowed pairs with this policy: 1; 1 mentee has no allowed mentor; 1 mentor has no allowed mentee.")
    assert call("matching-logic.js", "countSummary", {"allowed_pairs": 4, "mentees_with_none": 0}) == (
        "Allowed pairs with this policy: 4; every mentee has at least one allowed mentor.")
    assert call("matching-logic.js", "countSummary", None) == ""
