// The rows of a live list page, keyed by id: a frame's batch of events updates existing rows in
// place (only the cells that changed) and prepends new ones, keeping at most `size` rows. One
// DOM change per row per frame, however many events the row got. New rows are inserted at most
// every `insertEveryMs` (the first one at once): inserting shifts, and so repaints, the whole
// table, and a list that moves 60 times a second cannot be read anyway.
export class LiveRows {
  constructor({ size, key, build, update, onInserted, insertEveryMs = 500 }) {
    this.size = size;
    this.key = key;
    this.build = build;
    this.updateRow = update;
    this.onInserted = onInserted || (() => {});
    this.insertEveryMs = insertEveryMs;
    this.items = new Map();
    this.trs = new Map();
    this.pending = new Map(); // id -> item, waiting for the next insert
    this.lastInsert = 0;
    this.timer = null;
    this.body = null;
  }

  // Queues new items (oldest first) for the next insert.
  queue(fresh) {
    for (const item of fresh) this.pending.set(this.key(item), item);
    if (this.timer !== null || !this.pending.size) return;
    const delay = Math.max(0, this.lastInsert + this.insertEveryMs - performance.now());
    this.timer = setTimeout(() => requestAnimationFrame(() => {
      this.timer = null;
      this.lastInsert = performance.now();
      const items = [...this.pending.values()];
      this.pending.clear();
      this.prepend(items);
      this.onInserted(items.length);
    }), delay);
  }

  cancel() {
    clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }

  reset(body, items) {
    this.cancel();
    this.body = body;
    this.items = new Map();
    this.trs = new Map();
    const frag = document.createDocumentFragment();
    for (const item of items) {
      const id = this.key(item);
      const tr = this.build(item);
      this.items.set(id, item);
      this.trs.set(id, tr);
      frag.append(tr);
    }
    body.append(frag);
  }

  has(id) { return this.items.has(id) || this.pending.has(id); }
  get(id) { return this.items.get(id) || this.pending.get(id); }

  update(id, patch) {
    if (this.pending.has(id)) {
      this.pending.set(id, { ...this.pending.get(id), ...patch });
      return;
    }
    const item = { ...this.items.get(id), ...patch };
    this.items.set(id, item);
    const tr = this.trs.get(id);
    if (tr) this.updateRow(tr, item);
  }

  // `fresh`: new items, oldest first. Only the newest `size` are built.
  prepend(fresh) {
    if (!fresh.length || !this.body) return;
    const newest = fresh.slice(-this.size).reverse();
    const frag = document.createDocumentFragment();
    const items = new Map();
    const trs = new Map();
    for (const item of newest) {
      const id = this.key(item);
      const tr = this.build(item);
      items.set(id, item);
      trs.set(id, tr);
      frag.append(tr);
    }
    for (const [id, item] of this.items) {
      if (items.has(id)) continue;
      if (items.size >= this.size) {
        this.trs.get(id).remove();
        continue;
      }
      items.set(id, item);
      trs.set(id, this.trs.get(id));
    }
    this.body.prepend(frag);
    this.items = items;
    this.trs = trs;
  }
}
