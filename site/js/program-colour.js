/**
 * The program's colour, on its E-mails panel: the band that heads the HTML
 * part of every e-mail the program sends its participants, with the
 * program's name in white. The API refuses a colour white text cannot be
 * read on (contrast under 4.5:1) and names a darker one to pick.
 */
import { saveProgramColour } from "./api.js";
import { h, svg } from "./dom.js";
import { FieldErrors, busyAction, field, formAlert, showAlert, submitForm } from "./forms.js";

/** A band as the e-mail draws it: `colour` behind `name` in white (SVG: no inline styles). */
export function colourBand(colour, name) {
  return svg("svg", { class: "email-band", viewBox: "0 0 480 44", role: "img",
    "aria-label": `The e-mail's heading: ${name} in white on ${colour}` },
  svg("rect", { x: 0, y: 0, width: 480, height: 44, fill: colour }),
  svg("text", { x: 16, y: 28, fill: "#ffffff", "font-size": 18, "font-weight": "bold", "font-family": "sans-serif" }, name));
}

/** The form; `refresh(message)` redraws the panel after a change. */
export function colourForm(programId, listed, refresh) {
  const errors = new FieldErrors();
  const alert = formAlert();
  const shown = listed.colour ?? listed.default_colour;
  const input = h("input", { type: "color", name: "colour", value: shown });
  const band = h("div", { class: "email-band-preview" }, colourBand(shown, listed.program));
  input.addEventListener("input", () => band.replaceChildren(colourBand(input.value, listed.program)));
  const save = h("button", { type: "submit", text: "Save the colour" });
  const reset = h("button", { type: "button", class: "secondary", text: "Use Tandem's colour",
    disabled: !listed.colour });
  reset.addEventListener("click", () => busyAction({
    button: reset, busy: "Resetting…", alert,
    send: () => saveProgramColour(programId, null),
    done: () => refresh("Your e-mails use Tandem's colour again."),
    failed: (err) => showAlert(alert, err.message),
  }));
  const form = h("form", { class: "email-colour", "aria-label": "Colour of the e-mails", novalidate: true }, alert,
    field(errors, "colour", "Colour of your e-mails", input,
      "The band at the top of every e-mail to your participants, with the program's name in white on it: pick a dark enough colour for white text to be read. The sign-in e-mail stays Tandem's."),
    band,
    h("div", { class: "actions" }, save, reset));
  submitForm(form, {
    button: save, busy: "Saving…", alert, errors,
    send: () => saveProgramColour(programId, input.value),
    done: () => refresh(`Saved: your e-mails are headed in ${input.value}.`),
  });
  return form;
}
