/* Evidence charts are server-side SVG; this only turns one into a PNG download. */
(function () {
  "use strict";
  var TKG = window.TherapyKG;

  function toPNG(svg, filename) {
    var source = new XMLSerializer().serializeToString(svg);
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = image.naturalWidth || svg.viewBox.baseVal.width;
      canvas.height = image.naturalHeight || svg.viewBox.baseVal.height;
      canvas.getContext("2d").drawImage(image, 0, 0);
      TKG.savePNG(canvas, filename);
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(source);
  }

  document.querySelectorAll("[data-png]").forEach(function (button) {
    button.addEventListener("click", function () {
      var svg = document.querySelector("#" + button.dataset.png + " svg");
      if (svg) toPNG(svg, button.dataset.download);
    });
  });
  document.body.dataset.state = "ready";
})();
