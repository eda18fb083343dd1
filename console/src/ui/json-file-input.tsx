/** A file picker for an import file (CloudFront's JSON format). */
export function JsonFileInput(props: { id: string; onFile: (file: File | undefined) => void }) {
  return (
    <input
      id={props.id}
      type="file"
      accept="application/json,.json"
      onChange={(e) => props.onFile(e.currentTarget.files?.[0])}
    />
  )
}
