// TypeDoc plugin: file every export of the API reference under the area of the
// library it comes from, so the reference reads by area (Core, Sync, Time, …)
// rather than as one alphabetical list.
//
// The area follows from the directory under lib/ that declares the export, so
// a new export lands in the right place without anyone remembering a tag. A
// The guides (docs/*.md) are filed under Guides. A
// `@category` written in the export's own doc comment wins (Diagnostics is
// filed that way: its exports live in lib/task/). The alternative, a
// `@category` line in ~150 doc comments, repeats what the directory already
// says and is easy to forget on the next export.
import { Comment, CommentTag, Converter, ReflectionKind } from "typedoc";

/** lib/<directory> → category title. */
const AREAS = {
  core: "Core",
  task: "Runtime and tasks",
  time: "Time",
  combinators: "Combinators",
  sync: "Sync",
  net: "Net and IO",
  reactor: "Net and IO",
  io: "Net and IO",
  stream: "Streams",
  compat: "Interop",
  sim: "Simulation",
};

/** @param {import("typedoc").Application} app */
export function load(app) {
  /** Top-level reflection → the lib/ directory that declares it. */
  const dirs = new Map();

  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (reflection.parent?.kind !== ReflectionKind.Project && !reflection.parent?.kindOf(ReflectionKind.Module)) return;
    const decl = context.getSymbolFromReflection(reflection)?.declarations?.[0];
    const m = decl && /\/lib\/([^/]+)\//.exec(decl.getSourceFile().fileName.replace(/\\/g, "/"));
    if (m) dirs.set(reflection, m[1]);
  });

  // Before TypeDoc's own CategoryPlugin, which runs at priority -200.
  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context) => {
      // The guides in docs/ (projectDocuments) read as one shelf of their own.
      for (const doc of context.project.documents ?? []) doc.frontmatter.category ??= "Guides";
      for (const [reflection, dir] of dirs) {
        const area = AREAS[dir];
        if (area === undefined) {
          app.logger.warn(`${reflection.getFriendlyFullName()} is declared in lib/${dir}/, which has no area in scripts/typedoc-areas.mjs`);
          continue;
        }
        const comments = [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)].filter(Boolean);
        if (comments.some((c) => c.blockTags.some((t) => t.tag === "@category"))) continue;
        // Only tag a comment that exists: creating one would hide a missing
        // doc comment from TypeDoc's notDocumented check.
        const target = comments[0];
        if (target instanceof Comment) target.blockTags.push(new CommentTag("@category", [{ kind: "text", text: area }]));
      }
      dirs.clear();
    },
    -100,
  );
}
