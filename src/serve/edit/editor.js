// vinhdanh's editor (only while `vinhdanh serve` runs): rows added to and removed from
// repeated groups, photos sent as they are chosen or dropped, the square crop shown at the
// chosen focus, and the story's preview made by the build's own Markdown converter. The
// forms work without this script; it only saves typing.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="vinhdanh-token"]');
  var token = meta ? meta.getAttribute("content") : "";

  function post(url, body, type) {
    return fetch(url, {
      method: "POST",
      body: body,
      headers: { "X-Vinhdanh-Token": token, "Content-Type": type || "application/octet-stream" },
      credentials: "same-origin"
    });
  }

  // Repeated groups: "Add" copies the group's template with the next number.
  document.querySelectorAll("[data-add]").forEach(function (button) {
    button.addEventListener("click", function () {
      var group = button.closest("[data-group]");
      var next = Number(group.getAttribute("data-next") || "0");
      var template = group.querySelector("template");
      var html = template.innerHTML.split("__i__").join(String(next));
      template.insertAdjacentHTML("beforebegin", html);
      group.setAttribute("data-next", String(next + 1));
      var added = template.previousElementSibling;
      var first = added && added.querySelector("input, select, textarea");
      if (first) first.focus();
    });
  });
  document.addEventListener("click", function (e) {
    var remove = e.target.closest && e.target.closest("[data-remove]");
    if (!remove) return;
    var item = remove.closest(".item");
    var group = item && item.closest("[data-group]");
    if (item) item.remove();
    var add = group && group.querySelector("[data-add]");
    if (add) add.focus();
  });

  // The square crop, anchored where photo_focus says.
  var crop = document.getElementById("crop");
  var focus = document.getElementById("f-photo_focus");
  function placeCrop() {
    if (!crop) return;
    var f = (focus && focus.value) || crop.getAttribute("data-focus") || "center";
    crop.className = "focus-" + f;
  }
  if (focus) focus.addEventListener("change", placeCrop);
  placeCrop();

  function errorBox(input) {
    var id = "e-" + input.name;
    var box = document.getElementById(id);
    if (!box) {
      box = document.createElement("p");
      box.className = "error";
      box.id = id;
      box.setAttribute("role", "alert");
      input.closest(".field").appendChild(box);
      var d = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", (d ? d + " " : "") + id);
    }
    return box;
  }

  function upload(input, file) {
    var dir = input.getAttribute("data-photo-dir") || "";
    var url = "/_edit/photo?dir=" + encodeURIComponent(dir) + "&name=" + encodeURIComponent(file.name);
    var box = errorBox(input);
    box.textContent = "…";
    post(url, file).then(function (r) { return r.json(); }).then(function (v) {
      if (!v.ok) {
        box.textContent = v.message + (v.hint ? " (" + v.hint + ")" : "");
        input.setAttribute("aria-invalid", "true");
        return;
      }
      box.textContent = "";
      input.removeAttribute("aria-invalid");
      input.value = v.name;
      if (input.id === "f-photo" && crop) {
        crop.src = v.url;
        crop.hidden = false;
        placeCrop();
      }
    }, function () { box.textContent = "The photo could not be sent."; });
  }

  document.querySelectorAll("input[data-upload]").forEach(function (chooser) {
    var input = document.getElementById(chooser.getAttribute("data-upload"));
    chooser.addEventListener("change", function () {
      if (chooser.files && chooser.files[0]) upload(input, chooser.files[0]);
    });
    var zone = chooser.closest(".drop");
    zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      zone.classList.remove("over");
      if (e.dataTransfer.files && e.dataTransfer.files[0]) upload(input, e.dataTransfer.files[0]);
    });
  });

  // The story's preview, by the build's own converter.
  var previewButton = document.getElementById("preview-button");
  if (previewButton) {
    previewButton.addEventListener("click", function () {
      var story = document.getElementById("f-body");
      var out = document.getElementById("preview");
      post("/_edit/preview", story.value, "text/plain; charset=utf-8")
        .then(function (r) { return r.text(); })
        .then(function (html) {
          // The converter's output is sanitised HTML; a template element parses it inert.
          var t = document.createElement("template");
          t.innerHTML = html;
          out.replaceChildren(t.content);
        });
    });
  }
  // While a save is taken in, what is happening, as the preview's pages hear it: on the same
  // WebSocket the server tells them about builds on.
  var form = document.querySelector("form.edit");
  if (form) {
    form.addEventListener("submit", function () {
      var vi = (document.documentElement.lang || "vi").slice(0, 2) === "vi";
      var status = document.getElementById("save-status");
      if (!status) {
        status = document.createElement("p");
        status.id = "save-status";
        status.setAttribute("role", "status");
        form.querySelector(".actions").appendChild(status);
      }
      status.textContent = vi ? "Đang lưu…" : "Saving…";
      try {
        var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__vinhdanh/live");
        ws.onmessage = function (m) {
          var v = JSON.parse(m.data);
          if (v.building) status.textContent = vi ? "Đã lưu; đang dựng lại trang…" : "Saved; rebuilding the site…";
        };
      } catch (e) { /* the save goes on without the progress */ }
    });
  }
  // While a deploy runs (the form's own request), its bar follows the sending.
  var publish = document.querySelector("form[data-publish]");
  if (publish) {
    publish.addEventListener("submit", function (e) {
      // One deploy at a time. (Disabling the buttons would drop the pressed one's value
      // from the form: a dry run would be sent as a deploy.)
      if (publish.dataset.busy) { e.preventDefault(); return; }
      publish.dataset.busy = "1";
      var vi = (document.documentElement.lang || "vi").slice(0, 2) === "vi";
      var bar = document.getElementById("sending");
      var text = document.getElementById("sending-text");
      bar.hidden = false;
      text.textContent = vi ? "Đang dựng trang…" : "Building the site…";
      setInterval(function () {
        fetch("/_edit/xuat-ban/tien-do", { credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (p) {
            if (!p) return;
            bar.max = Math.max(1, p.total);
            bar.value = p.done;
            text.textContent = (vi ? "Đang gửi " : "Sending ") + p.done + "/" + p.total +
              " (" + (p.bytes / 1e6).toFixed(1) + " MB)";
          })
          .catch(function () {});
      }, 300);
    });
  }
})();
