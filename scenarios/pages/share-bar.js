// <share-bar>: a web component whose buttons live in an open shadow root.
customElements.define('share-bar', class extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    var root = this.attachShadow({ mode: 'open' });
    root.innerHTML = '<style>button{margin-right:4px}</style>' +
      '<span>Artikel teilen:</span> <button>Facebook</button> <button>X</button> <button>E-Mail</button>';
  }
});
