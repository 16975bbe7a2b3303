"""The 1-5 self-rating as a labelled radio group a screen reader can follow.

ipywidgets' ToggleButtons drew five buttons with no group name and no pressed state, so a
screen reader heard "3" and nothing else. :class:`RatingGroup` draws native radio inputs inside
``role="radiogroup"``, named by the field's label (``aria-labelledby``) and described by its help:
the browser reports each choice's checked state, arrow keys move along the group, and the
choices look like the buttons they replace (the chosen one filled). ``value`` is None (the
"Not set" choice) or a whole number; ``options`` are (label, value) pairs, as on a Dropdown.
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

ESM = """
let made = 0;

function render({ model, el }) {
  made += 1;
  const name = `candle-rating-${made}-${Math.random().toString(36).slice(2, 8)}`;
  const group = document.createElement("div");
  group.className = "candle-rating";
  group.setAttribute("role", "radiogroup");
  const heading = document.createElement("span");
  heading.className = "candle-rating-name";
  heading.id = `${name}-name`;
  group.setAttribute("aria-labelledby", heading.id);
  const choices = document.createElement("div");
  choices.className = "candle-rating-choices";
  group.append(heading, choices);
  el.appendChild(group);

  const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const mark = () => {
    for (const input of choices.querySelectorAll("input")) {
      input.checked = same(JSON.parse(input.value), model.get("value"));
    }
  };
  const draw = () => {
    heading.textContent = model.get("description");
    group.title = model.get("help");
    choices.replaceChildren();
    for (const [label, value] of model.get("choices")) {
      const option = document.createElement("label");
      option.className = "candle-rating-choice";
      const input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.value = JSON.stringify(value ?? null);
      input.addEventListener("change", () => {
        if (input.checked) {
          model.set("value", value ?? null);
          model.save_changes();
        }
      });
      const text = document.createElement("span");
      text.textContent = label;
      option.append(input, text);
      choices.appendChild(option);
    }
    mark();
  };
  draw();
  model.on("change:value", mark);
  model.on("change:choices", draw);
  model.on("change:description", draw);
  model.on("change:help", draw);
}
export default { render };
"""

CSS = """
.candle-rating { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4em 0.8em;
  padding: 6px; }  /* room for the focus ring inside the widget, which hides overflow */
.candle-rating-name { font-weight: 600; }
.candle-rating-choices { display: flex; flex-wrap: wrap; gap: 0.75em; }
.candle-rating-choice { position: relative; display: inline-flex; }
.candle-rating-choice input { position: absolute; opacity: 0; width: 100%; height: 100%;
  margin: 0; cursor: pointer; }
.candle-rating-choice span { display: inline-block; min-width: 3.5em; padding: 0.3em 0.6em;
  text-align: center; border: 1px solid #616161; border-radius: 2px; background: #fff;
  color: #1f1f1f; }
.candle-rating-choice input:checked + span { background: #0b4f8a; border-color: #0b4f8a;
  color: #fff; font-weight: 600; }
.candle-rating-choice input:checked + span::before { content: "\\2713\\00a0"; }
.candle-rating-choice input:focus-visible + span { outline: 3px solid #0b4f8a;
  outline-offset: 2px; box-shadow: 0 0 0 2px #fff; }
"""


class RatingGroup(anywidget.AnyWidget):
    """A labelled radio group: one choice of ``options`` ((label, value) pairs), ``value`` chosen."""

    _esm = ESM
    _css = CSS
    value = traitlets.Int(None, allow_none=True).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    """The group's name, shown and read by a screen reader (the field's label)."""
    help = traitlets.Unicode("").tag(sync=True)
    choices = traitlets.List().tag(sync=True)

    def __init__(self, options: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(choices=[[label, value] for label, value in options], **kwargs)

    @property
    def options(self) -> list[tuple[str, Any]]:
        """The choices as (label, value) pairs."""
        return [(label, value) for label, value in self.choices]
