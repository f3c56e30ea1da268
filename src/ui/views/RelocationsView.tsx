/** RelocationsView: placeholder while its engine lands. */
export function RelocationsView() {
  return <p className="notice soon">coming soon</p>;
}
