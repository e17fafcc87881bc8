// Fixed vocabularies of the web app: highlight layers, event-type colours, precision styles.

/** Reader layers in nesting order (outermost first when two spans cover the same text). */
export const LAYERS = [
  { key: "boilerplate", label: "Boilerplate", hint: "syndication furniture, greyed out" },
  { key: "claim", label: "Claim content", hint: "what a claimant says happened" },
  { key: "source", label: "Claim source", hint: "who makes the claim" },
  { key: "cue", label: "Cue", hint: "the reporting verb or phrase" },
  { key: "rhetoric", label: "Rhetoric", hint: "persuasion-technique span" },
  { key: "quantity", label: "Quantity", hint: "a number with its unit" },
  { key: "place", label: "Place", hint: "a place resolved to the gazetteer" },
  { key: "date", label: "Date", hint: "a temporal expression" },
  { key: "entity", label: "Entity", hint: "person, organisation, group…" },
];

export const EVENT_TYPES = [
  "Battles",
  "Explosions/Remote violence",
  "Violence against civilians",
  "Protests",
  "Riots",
  "Strategic developments",
];

export const EVENT_COLOURS = {
  "Battles": "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#9467bd",
  "Protests": "#2ca02c",
  "Riots": "#8c564b",
  "Strategic developments": "#1f77b4",
};
export const OTHER_COLOUR = "#7f7f7f";

/** ACLED geo_precision: how far the point may be from where it happened. */
export const PRECISION = {
  1: { label: "1 · town", style: "solid", radius: 0 },
  2: { label: "2 · near a town / district", style: "ring", radius: 4 },
  3: { label: "3 · province / region", style: "dashed", radius: 10 },
  4: { label: "4 · country", style: "dotted", radius: 16 },
};

export const colourOf = (type) => EVENT_COLOURS[type] ?? OTHER_COLOUR;
