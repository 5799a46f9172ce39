// Small progressive enhancements; every page works without them.
(function () {
  'use strict';

  function toggleExpanded(button, target, className) {
    var open = !target.classList.contains(className);
    target.classList.toggle(className, open);
    button.setAttribute('aria-expanded', String(open));
  }

  document.addEventListener('click', function (event) {
    var toggle = event.target.closest('[data-toggle]');
    if (toggle && toggle.dataset.toggle === 'navbar') {
      var menu = document.getElementById(toggle.getAttribute('aria-controls'));
      toggleExpanded(toggle, menu, 'is-active');
      toggle.classList.toggle('is-active', menu.classList.contains('is-active'));
      return;
    }
    if (toggle && toggle.dataset.toggle === 'dropdown') {
      toggleExpanded(toggle, toggle.parentElement, 'is-active');
      return;
    }
    // A click elsewhere closes open dropdowns.
    document.querySelectorAll('.has-dropdown.is-active').forEach(function (dropdown) {
      if (!dropdown.contains(event.target)) {
        dropdown.classList.remove('is-active');
        var button = dropdown.querySelector('[data-toggle="dropdown"]');
        if (button) button.setAttribute('aria-expanded', 'false');
      }
    });
  });

  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape') return;
    document.querySelectorAll('.has-dropdown.is-active').forEach(function (dropdown) {
      dropdown.classList.remove('is-active');
      var button = dropdown.querySelector('[data-toggle="dropdown"]');
      if (button) {
        button.setAttribute('aria-expanded', 'false');
        button.focus();
      }
    });
  });

  // Buttons with data-confirm ask before submitting their form.
  document.addEventListener('submit', function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.dataset.confirm && !window.confirm(submitter.dataset.confirm)) {
      event.preventDefault();
    }
  });
})();
