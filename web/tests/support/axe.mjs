// axe-core's automated accessibility checks (WCAG 2.x A and AA) run inside the page.
import { createRequire } from "node:module";

const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** The violations of impact serious or critical, as "rule: what (where)" lines. */
export async function seriousViolations(page) {
  await page.addScriptTag({ path: axeSource });
  const results = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }));
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}
