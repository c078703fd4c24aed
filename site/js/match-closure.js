/**
 * Closing a match on "My mentoring": the form with its survey and "after"
 * self-ratings, or once closed, when and why and the certificate.
 */
import { closeMatch } from "./api.js";
import { announce, h } from "./dom.js";
import { field } from "./forms.js";
import { apiForm, checkField } from "./api-form.js";
import { lazyDetails, requestText } from "./journal-edit.js";
import { closureRatings } from "./self-assessment.js";
import { formatDate } from "./format.js";
import { ratingSelect } from "./match-journal.js";

/** `afterClose`: what else the page redraws once the match is closed. */
export function closureSection(matchId, m, reload, assessment, afterClose) {
  if (m.status === "closed") {
    const c = m.closure;
    return h("section", { "aria-labelledby": "closure-heading" },
      h("h3", { id: "closure-heading", tabindex: "-1", text: "This match is closed" }),
      h("p", { text: `Closed on ${formatDate(c.closed_at)}${c.reason ? `: ${c.reason}` : "."}` }),
      requestText(m.request).map((text) => h("p", { class: "request-status", text })),
      h("p", {}, h("a", { href: `/api/matches/${encodeURIComponent(matchId)}/certificate`, target: "_blank",
        rel: "noopener", text: "Your certificate of completion" }), " (a page to print or save as a PDF)."));
  }
  let after = null;
  const form = () => apiForm({
    label: "Close this match",
    submit: "Close this match",
    busy: "Closing…",
    fields: (errors) => [
      field(errors, "reason", "Why are you closing it?", h("textarea", { name: "reason", rows: "2", maxlength: "500", required: true })),
      field(errors, "survey.satisfaction", "How satisfied are you with the match?", ratingSelect("satisfaction")),
      field(errors, "survey.goals_met", "Did you meet your goals?", h("select", { name: "goals_met" },
        h("option", { value: "", text: "Rather not say" }),
        h("option", { value: "yes", text: "Yes" }), h("option", { value: "partly", text: "Partly" }),
        h("option", { value: "no", text: "No" }))),
      field(errors, "survey.comment", "Anything else?", h("textarea", { name: "comment", rows: "2", maxlength: "2000" })),
      checkField("rematch", "rematch", "Ask for a new partner"),
      (after = closureRatings(assessment, errors))?.element,
    ],
    send: (f) => {
      const survey = {
        satisfaction: Number.parseInt(f.elements.satisfaction.value, 10) || 0,
        comment: f.elements.comment.value.trim(),
      };
      if (f.elements.goals_met.value) survey.goals_met = f.elements.goals_met.value;
      return closeMatch(matchId, { reason: f.elements.reason.value.trim(), survey, rematch: f.elements.rematch.checked })
        // Closed either way; unsaved ratings are offered again under "My growth".
        .then(() => after?.send()?.catch((err) => announce(`Your ratings were not saved: ${err.message}`)));
    },
    done: async () => {
      await reload("closure-heading", "The match is closed.");
      await afterClose?.();
    },
  });
  return h("section", { "aria-labelledby": "closure-heading" },
    h("h3", { id: "closure-heading", tabindex: "-1", text: "Closing the match" }),
    lazyDetails({ class: "add-form" }, "Close this match…", form));
}
