import { PublicListsContent } from '../lists/public.tsx';

/** 审核名单公开 (`/public/lists`) inside the public portal: the published lists of every year (issue 5 §3, issue 8 §4). */
export default function PublicLists() {
  return <PublicListsContent />;
}
