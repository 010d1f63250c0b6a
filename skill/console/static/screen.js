// The Echo Show's screen, drawn from the APL datasource the skill sent (payload.screen)
// with the buttons its document declares; a touch sends the button's arguments back.

const FIELDS = ["routine", "exercise", "where", "text", "equipment"];

// Draw screen ({token, datasource, buttons}) in panel, or the idle screen for null;
// touch(button) is called on a press. Returns the document's token, or null.
export function drawScreen(panel, screen, touch) {
  const buttons = panel.querySelector(".buttons");
  buttons.replaceChildren();
  const data = screen && screen.datasource && screen.datasource.screen;
  if (!data) {
    panel.className = "off";
    panel.dataset.kind = "";
    return null;
  }
  panel.className = "on";
  panel.dataset.kind = data.kind || "";
  for (const field of FIELDS) {
    panel.querySelector("." + field).textContent = data[field] || "";
  }
  panel.querySelector(".bar").style.width = /^\d{1,3}%$/.test(data.progress || "") ? data.progress : "0%";
  for (const button of screen.buttons || []) {
    const element = document.createElement("button");
    element.type = "button";
    element.textContent = button.label;
    element.dataset.arguments = JSON.stringify(button.arguments);
    element.addEventListener("click", () => touch(button));
    buttons.append(element);
  }
  return screen.token || null;
}

// The card the skill sent to the Alexa app, if any (the last one stays).
export function drawCard(box, card) {
  if (!card || !card.title) return;
  box.hidden = false;
  box.querySelector(".title").textContent = card.title;
  box.querySelector(".content").textContent = card.content || "";
}
