// Mídia da mensagem baixada pelo cliente autenticado (a rota pede o Authorization; <img src> não o mandaria).
import { useEffect, useMemo } from "react";
import { Anchor, Group, Image, Loader, Text } from "@mantine/core";
import { IconFile, IconPhotoOff } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { api } from "@/api";
import type { MediaInfo } from "./model";

function useMediaBlob(mediaId: string | null) {
  return useQuery({
    queryKey: ["get", "/api/v1/media/{media_id}/content", mediaId],
    enabled: mediaId !== null,
    staleTime: Infinity,
    gcTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const { data, error } = await api.GET("/api/v1/media/{media_id}/content", {
        params: { path: { media_id: mediaId! } },
        parseAs: "blob",
        signal,
      });
      if (error) throw error;
      return data as unknown as Blob;
    },
  });
}

function useObjectUrl(blob: Blob | undefined): string | null {
  const url = useMemo(() => (blob ? URL.createObjectURL(blob) : null), [blob]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  return url;
}

export function MediaPreview({ media, type }: { media: MediaInfo; type: string | null }) {
  const blob = useMediaBlob(media.mediaId);
  const url = useObjectUrl(blob.data) ?? media.url;
  const mime = media.mimeType ?? blob.data?.type ?? "";
  const kind =
    type === "image" || type === "sticker" || mime.startsWith("image/")
      ? "image"
      : type === "video" || mime.startsWith("video/")
        ? "video"
        : type === "audio" || type === "voice" || mime.startsWith("audio/")
          ? "audio"
          : "document";

  if (media.error) {
    return (
      <Group gap={6} c="red">
        <IconPhotoOff size={16} aria-hidden />
        <Text size="sm">Não foi possível baixar a mídia: {media.error}</Text>
      </Group>
    );
  }
  if (media.downloading || (media.mediaId && blob.isPending)) {
    return (
      <Group gap={6}>
        <Loader size="xs" aria-label="Baixando a mídia…" />
        <Text size="sm" c="dimmed">
          Baixando a mídia…
        </Text>
      </Group>
    );
  }
  if (blob.error || !url) {
    return (
      <Text size="sm" c="red">
        Não foi possível carregar a mídia.
      </Text>
    );
  }
  const label = media.filename ?? "arquivo";
  if (kind === "image") {
    return <Image src={url} alt={media.filename ? `Imagem: ${media.filename}` : "Imagem"} maw={260} mah={260} fit="contain" radius="sm" />;
  }
  if (kind === "video") {
    return <video src={url} controls style={{ maxWidth: 280, maxHeight: 280 }} aria-label={`Vídeo: ${label}`} />;
  }
  if (kind === "audio") {
    return <audio src={url} controls preload="metadata" aria-label="Áudio" style={{ maxWidth: 260 }} />;
  }
  return (
    <Group gap={6}>
      <IconFile size={18} aria-hidden />
      <Anchor href={url} download={label} size="sm">
        {label}
      </Anchor>
    </Group>
  );
}
