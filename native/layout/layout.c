/*
 * layout.c: prints, as JSON on stdout, the size and field offsets of every kernel UAPI struct the C# raw
 * layer binds (or soon will), and the value of every ioctl request number and constant, as seen by the
 * headers INSTALLED on this machine (linux-libc-dev for <linux/...>, libdrm-dev for drm.h, drm_mode.h and
 * virtgpu_drm.h). tests/Uapi.Tests/LayoutTests.cs compares the C# definitions with this output.
 *
 * Output:
 *   { "headers":   { "linux_version_code": ..., "compiler": "..." },
 *     "structs":   { "drm_version": { "size": 64, "align": 8,
 *                                     "fields": { "version_major": 0, ... },
 *                                     "field_sizes": { "version_major": 4, ... },
 *                                     "trailing": { "data": 20 } },   (flexible array members: offset only)
 *                    ... },
 *     "constants": { "DRM_IOCTL_VERSION": 3225445376, "DRM_CAP_SYNCOBJ": 19, ... },
 *     "ioctls":    { "DRM_IOCTL_VERSION": "drm_version", "VFIO_GET_API_VERSION": null, ... } }
 *
 * "ioctls" says which constants are ioctl request numbers and which struct they carry (null for _IO and
 * for scalar arguments); for each such pair a _Static_assert checks _IOC_SIZE(request) == sizeof(struct).
 *
 * Adding a struct is one STRUCT line and one FIELD line per field (FLEX for a trailing flexible array).
 * Things newer than the 6.1-era headers are guarded:
 *   - whole structs:  #ifdef HAVE_STRUCT_<struct>
 *   - single members: #ifdef HAVE_MEMBER_<struct>__<member>
 * build.sh finds these names in this file, test-compiles `sizeof(struct S)` / `offsetof(struct S, m)`
 * against the installed headers and passes -D for the ones that exist, so the program prints exactly what
 * the headers have, whatever their age. Constants and ioctls are plain #ifdef NAME.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <linux/types.h>
#include <linux/ioctl.h>
#include <linux/version.h>

#include <linux/dma-heap.h>
#include <linux/dma-buf.h>
#include <linux/sync_file.h>
#include <linux/udmabuf.h>
#include <linux/vfio.h>

#include <drm.h>
#include <drm_mode.h>
#include <virtgpu_drm.h>
#include <linux/virtio_gpu.h>
/* Only a kernel tree's `make headers_install` has these (libdrm-dev ships neither). */
#if __has_include(<vgem_drm.h>)
#include <vgem_drm.h>
#endif
#if __has_include(<panthor_drm.h>)
#include <panthor_drm.h>
#endif

/* ---------------------------------------------------------------- tiny JSON emitter */

#define MAX_FIELDS 64

static struct {
    const char *name;
    size_t size, align;
    int nfields, ntrailing;
    struct { const char *name; size_t offset, size; } fields[MAX_FIELDS];
    struct { const char *name; size_t offset; } trailing[MAX_FIELDS];
} cur;

static int first_struct = 1, first_const = 1, first_ioctl = 1;
static int failed;

static void flush_struct(void)
{
    if (!cur.name)
        return;
    printf("%s\n    \"%s\": { \"size\": %zu, \"align\": %zu,\n      \"fields\": {",
           first_struct ? "" : ",", cur.name, cur.size, cur.align);
    first_struct = 0;
    for (int i = 0; i < cur.nfields; i++)
        printf("%s \"%s\": %zu", i ? "," : "", cur.fields[i].name, cur.fields[i].offset);
    printf(" },\n      \"field_sizes\": {");
    for (int i = 0; i < cur.nfields; i++)
        printf("%s \"%s\": %zu", i ? "," : "", cur.fields[i].name, cur.fields[i].size);
    printf(" },\n      \"trailing\": {");
    for (int i = 0; i < cur.ntrailing; i++)
        printf("%s \"%s\": %zu", i ? "," : "", cur.trailing[i].name, cur.trailing[i].offset);
    printf(" } }");
    memset(&cur, 0, sizeof cur);
}

static void begin_struct(const char *name, size_t size, size_t align)
{
    flush_struct();
    cur.name = name;
    cur.size = size;
    cur.align = align;
}

static void check_current(const char *s)
{
    if (!cur.name || strcmp(cur.name, s) != 0) {
        fprintf(stderr, "layout.c: FIELD(%s, ...) outside STRUCT(%s)\n", s, s);
        failed = 1;
    }
}

static void add_field(const char *s, const char *f, size_t offset, size_t size)
{
    check_current(s);
    if (cur.nfields == MAX_FIELDS) { fprintf(stderr, "layout.c: too many fields in %s\n", s); exit(1); }
    cur.fields[cur.nfields].name = f;
    cur.fields[cur.nfields].offset = offset;
    cur.fields[cur.nfields].size = size;
    cur.nfields++;
}

static void add_flex(const char *s, const char *f, size_t offset)
{
    check_current(s);
    if (cur.ntrailing == MAX_FIELDS) { fprintf(stderr, "layout.c: too many fields in %s\n", s); exit(1); }
    cur.trailing[cur.ntrailing].name = f;
    cur.trailing[cur.ntrailing].offset = offset;
    cur.ntrailing++;
}

static void emit_const(const char *name, unsigned long long u, int negative)
{
    printf("%s\n    \"%s\": ", first_const ? "" : ",", name);
    if (negative)
        printf("%lld", (long long)u);
    else
        printf("%llu", u);
    first_const = 0;
}

static void emit_ioctl(const char *name, const char *type)
{
    printf("%s\n    \"%s\": ", first_ioctl ? "" : ",", name);
    if (type)
        printf("\"%s\"", type);
    else
        printf("null");
    first_ioctl = 0;
}

#define STRUCT(s)   begin_struct(#s, sizeof(struct s), _Alignof(struct s))
#define FIELD(s, f) add_field(#s, #f, offsetof(struct s, f), sizeof(((struct s *)0)->f))
#define FLEX(s, f)  add_flex(#s, #f, offsetof(struct s, f))
#define CONST(n)    emit_const(#n, (unsigned long long)(n), (n) < 0)   /* #n: the name, not its expansion */

/* An ioctl request number whose argument is `struct s`; the sizes must agree. */
static int ioctl_pass;
#define IOCTL(n, s) do { \
        _Static_assert(_IOC_SIZE(n) == sizeof(struct s), #n " does not carry struct " #s); \
        if (ioctl_pass == 0) emit_const(#n, (unsigned long long)(n), 0); else emit_ioctl(#n, #s); \
    } while (0)
/* An ioctl with no struct argument (_IO, or a scalar/pointer argument). */
#define IOCTL0(n) do { if (ioctl_pass == 0) emit_const(#n, (unsigned long long)(n), 0); else emit_ioctl(#n, NULL); } while (0)

/* ---------------------------------------------------------------- structs */

static void structs(void)
{
    /* ---- include/uapi/drm/drm.h: core */
    STRUCT(drm_version);
    FIELD(drm_version, version_major);
    FIELD(drm_version, version_minor);
    FIELD(drm_version, version_patchlevel);
    FIELD(drm_version, name_len);
    FIELD(drm_version, name);
    FIELD(drm_version, date_len);
    FIELD(drm_version, date);
    FIELD(drm_version, desc_len);
    FIELD(drm_version, desc);

    STRUCT(drm_get_cap);
    FIELD(drm_get_cap, capability);
    FIELD(drm_get_cap, value);

    STRUCT(drm_set_client_cap);
    FIELD(drm_set_client_cap, capability);
    FIELD(drm_set_client_cap, value);

    STRUCT(drm_gem_close);
    FIELD(drm_gem_close, handle);
    FIELD(drm_gem_close, pad);

    STRUCT(drm_gem_flink);
    FIELD(drm_gem_flink, handle);
    FIELD(drm_gem_flink, name);

    STRUCT(drm_gem_open);
    FIELD(drm_gem_open, name);
    FIELD(drm_gem_open, handle);
    FIELD(drm_gem_open, size);

    STRUCT(drm_prime_handle);
    FIELD(drm_prime_handle, handle);
    FIELD(drm_prime_handle, flags);
    FIELD(drm_prime_handle, fd);

#ifdef HAVE_STRUCT_drm_set_client_name
    STRUCT(drm_set_client_name);
    FIELD(drm_set_client_name, name_len);
    FIELD(drm_set_client_name, name);
#endif

#ifdef HAVE_STRUCT_drm_gem_change_handle
    STRUCT(drm_gem_change_handle);
    FIELD(drm_gem_change_handle, handle);
    FIELD(drm_gem_change_handle, new_handle);
#endif

    /* ---- include/uapi/drm/drm.h: syncobj */
    STRUCT(drm_syncobj_create);
    FIELD(drm_syncobj_create, handle);
    FIELD(drm_syncobj_create, flags);

    STRUCT(drm_syncobj_destroy);
    FIELD(drm_syncobj_destroy, handle);
    FIELD(drm_syncobj_destroy, pad);

    STRUCT(drm_syncobj_handle);
    FIELD(drm_syncobj_handle, handle);
    FIELD(drm_syncobj_handle, flags);
    FIELD(drm_syncobj_handle, fd);
    FIELD(drm_syncobj_handle, pad);
#ifdef HAVE_MEMBER_drm_syncobj_handle__point
    FIELD(drm_syncobj_handle, point);
#endif

    STRUCT(drm_syncobj_transfer);
    FIELD(drm_syncobj_transfer, src_handle);
    FIELD(drm_syncobj_transfer, dst_handle);
    FIELD(drm_syncobj_transfer, src_point);
    FIELD(drm_syncobj_transfer, dst_point);
    FIELD(drm_syncobj_transfer, flags);
    FIELD(drm_syncobj_transfer, pad);

    STRUCT(drm_syncobj_wait);
    FIELD(drm_syncobj_wait, handles);
    FIELD(drm_syncobj_wait, timeout_nsec);
    FIELD(drm_syncobj_wait, count_handles);
    FIELD(drm_syncobj_wait, flags);
    FIELD(drm_syncobj_wait, first_signaled);
    FIELD(drm_syncobj_wait, pad);
#ifdef HAVE_MEMBER_drm_syncobj_wait__deadline_nsec
    FIELD(drm_syncobj_wait, deadline_nsec);
#endif

    STRUCT(drm_syncobj_timeline_wait);
    FIELD(drm_syncobj_timeline_wait, handles);
    FIELD(drm_syncobj_timeline_wait, points);
    FIELD(drm_syncobj_timeline_wait, timeout_nsec);
    FIELD(drm_syncobj_timeline_wait, count_handles);
    FIELD(drm_syncobj_timeline_wait, flags);
    FIELD(drm_syncobj_timeline_wait, first_signaled);
    FIELD(drm_syncobj_timeline_wait, pad);
#ifdef HAVE_MEMBER_drm_syncobj_timeline_wait__deadline_nsec
    FIELD(drm_syncobj_timeline_wait, deadline_nsec);
#endif

    STRUCT(drm_syncobj_array);
    FIELD(drm_syncobj_array, handles);
    FIELD(drm_syncobj_array, count_handles);
    FIELD(drm_syncobj_array, pad);

    STRUCT(drm_syncobj_timeline_array);
    FIELD(drm_syncobj_timeline_array, handles);
    FIELD(drm_syncobj_timeline_array, points);
    FIELD(drm_syncobj_timeline_array, count_handles);
    FIELD(drm_syncobj_timeline_array, flags);

#ifdef HAVE_STRUCT_drm_syncobj_eventfd
    STRUCT(drm_syncobj_eventfd);
    FIELD(drm_syncobj_eventfd, handle);
    FIELD(drm_syncobj_eventfd, flags);
    FIELD(drm_syncobj_eventfd, point);
    FIELD(drm_syncobj_eventfd, fd);
    FIELD(drm_syncobj_eventfd, pad);
#endif

    /* ---- include/uapi/drm/drm_mode.h: dumb buffers and read-only KMS */
    STRUCT(drm_mode_create_dumb);
    FIELD(drm_mode_create_dumb, height);
    FIELD(drm_mode_create_dumb, width);
    FIELD(drm_mode_create_dumb, bpp);
    FIELD(drm_mode_create_dumb, flags);
    FIELD(drm_mode_create_dumb, handle);
    FIELD(drm_mode_create_dumb, pitch);
    FIELD(drm_mode_create_dumb, size);

    STRUCT(drm_mode_map_dumb);
    FIELD(drm_mode_map_dumb, handle);
    FIELD(drm_mode_map_dumb, pad);
    FIELD(drm_mode_map_dumb, offset);

    STRUCT(drm_mode_destroy_dumb);
    FIELD(drm_mode_destroy_dumb, handle);

    STRUCT(drm_mode_card_res);
    FIELD(drm_mode_card_res, fb_id_ptr);
    FIELD(drm_mode_card_res, crtc_id_ptr);
    FIELD(drm_mode_card_res, connector_id_ptr);
    FIELD(drm_mode_card_res, encoder_id_ptr);
    FIELD(drm_mode_card_res, count_fbs);
    FIELD(drm_mode_card_res, count_crtcs);
    FIELD(drm_mode_card_res, count_connectors);
    FIELD(drm_mode_card_res, count_encoders);
    FIELD(drm_mode_card_res, min_width);
    FIELD(drm_mode_card_res, max_width);
    FIELD(drm_mode_card_res, min_height);
    FIELD(drm_mode_card_res, max_height);

    STRUCT(drm_mode_modeinfo);
    FIELD(drm_mode_modeinfo, clock);
    FIELD(drm_mode_modeinfo, hdisplay);
    FIELD(drm_mode_modeinfo, hsync_start);
    FIELD(drm_mode_modeinfo, hsync_end);
    FIELD(drm_mode_modeinfo, htotal);
    FIELD(drm_mode_modeinfo, hskew);
    FIELD(drm_mode_modeinfo, vdisplay);
    FIELD(drm_mode_modeinfo, vsync_start);
    FIELD(drm_mode_modeinfo, vsync_end);
    FIELD(drm_mode_modeinfo, vtotal);
    FIELD(drm_mode_modeinfo, vscan);
    FIELD(drm_mode_modeinfo, vrefresh);
    FIELD(drm_mode_modeinfo, flags);
    FIELD(drm_mode_modeinfo, type);
    FIELD(drm_mode_modeinfo, name);

    STRUCT(drm_mode_crtc);
    FIELD(drm_mode_crtc, set_connectors_ptr);
    FIELD(drm_mode_crtc, count_connectors);
    FIELD(drm_mode_crtc, crtc_id);
    FIELD(drm_mode_crtc, fb_id);
    FIELD(drm_mode_crtc, x);
    FIELD(drm_mode_crtc, y);
    FIELD(drm_mode_crtc, gamma_size);
    FIELD(drm_mode_crtc, mode_valid);
    FIELD(drm_mode_crtc, mode);

    STRUCT(drm_mode_get_encoder);
    FIELD(drm_mode_get_encoder, encoder_id);
    FIELD(drm_mode_get_encoder, encoder_type);
    FIELD(drm_mode_get_encoder, crtc_id);
    FIELD(drm_mode_get_encoder, possible_crtcs);
    FIELD(drm_mode_get_encoder, possible_clones);

    STRUCT(drm_mode_get_connector);
    FIELD(drm_mode_get_connector, encoders_ptr);
    FIELD(drm_mode_get_connector, modes_ptr);
    FIELD(drm_mode_get_connector, props_ptr);
    FIELD(drm_mode_get_connector, prop_values_ptr);
    FIELD(drm_mode_get_connector, count_modes);
    FIELD(drm_mode_get_connector, count_props);
    FIELD(drm_mode_get_connector, count_encoders);
    FIELD(drm_mode_get_connector, encoder_id);
    FIELD(drm_mode_get_connector, connector_id);
    FIELD(drm_mode_get_connector, connector_type);
    FIELD(drm_mode_get_connector, connector_type_id);
    FIELD(drm_mode_get_connector, connection);
    FIELD(drm_mode_get_connector, mm_width);
    FIELD(drm_mode_get_connector, mm_height);
    FIELD(drm_mode_get_connector, subpixel);
    FIELD(drm_mode_get_connector, pad);

    STRUCT(drm_mode_get_plane_res);
    FIELD(drm_mode_get_plane_res, plane_id_ptr);
    FIELD(drm_mode_get_plane_res, count_planes);

    STRUCT(drm_mode_get_plane);
    FIELD(drm_mode_get_plane, plane_id);
    FIELD(drm_mode_get_plane, crtc_id);
    FIELD(drm_mode_get_plane, fb_id);
    FIELD(drm_mode_get_plane, possible_crtcs);
    FIELD(drm_mode_get_plane, gamma_size);
    FIELD(drm_mode_get_plane, count_format_types);
    FIELD(drm_mode_get_plane, format_type_ptr);

    STRUCT(drm_mode_property_enum);
    FIELD(drm_mode_property_enum, value);
    FIELD(drm_mode_property_enum, name);

    STRUCT(drm_mode_get_property);
    FIELD(drm_mode_get_property, values_ptr);
    FIELD(drm_mode_get_property, enum_blob_ptr);
    FIELD(drm_mode_get_property, prop_id);
    FIELD(drm_mode_get_property, flags);
    FIELD(drm_mode_get_property, name);
    FIELD(drm_mode_get_property, count_values);
    FIELD(drm_mode_get_property, count_enum_blobs);

    STRUCT(drm_mode_get_blob);
    FIELD(drm_mode_get_blob, blob_id);
    FIELD(drm_mode_get_blob, length);
    FIELD(drm_mode_get_blob, data);

    STRUCT(drm_mode_fb_cmd);
    FIELD(drm_mode_fb_cmd, fb_id);
    FIELD(drm_mode_fb_cmd, width);
    FIELD(drm_mode_fb_cmd, height);
    FIELD(drm_mode_fb_cmd, pitch);
    FIELD(drm_mode_fb_cmd, bpp);
    FIELD(drm_mode_fb_cmd, depth);
    FIELD(drm_mode_fb_cmd, handle);

    STRUCT(drm_mode_fb_cmd2);
    FIELD(drm_mode_fb_cmd2, fb_id);
    FIELD(drm_mode_fb_cmd2, width);
    FIELD(drm_mode_fb_cmd2, height);
    FIELD(drm_mode_fb_cmd2, pixel_format);
    FIELD(drm_mode_fb_cmd2, flags);
    FIELD(drm_mode_fb_cmd2, handles);
    FIELD(drm_mode_fb_cmd2, pitches);
    FIELD(drm_mode_fb_cmd2, offsets);
    FIELD(drm_mode_fb_cmd2, modifier);

    STRUCT(drm_mode_obj_get_properties);
    FIELD(drm_mode_obj_get_properties, props_ptr);
    FIELD(drm_mode_obj_get_properties, prop_values_ptr);
    FIELD(drm_mode_obj_get_properties, count_props);
    FIELD(drm_mode_obj_get_properties, obj_id);
    FIELD(drm_mode_obj_get_properties, obj_type);

    /* ---- include/uapi/drm/virtgpu_drm.h (libdrm's copy; may be much older than the kernel's) */
    STRUCT(drm_virtgpu_map);
    FIELD(drm_virtgpu_map, offset);
    FIELD(drm_virtgpu_map, handle);
    FIELD(drm_virtgpu_map, pad);

    STRUCT(drm_virtgpu_execbuffer);
    FIELD(drm_virtgpu_execbuffer, flags);
    FIELD(drm_virtgpu_execbuffer, size);
    FIELD(drm_virtgpu_execbuffer, command);
    FIELD(drm_virtgpu_execbuffer, bo_handles);
    FIELD(drm_virtgpu_execbuffer, num_bo_handles);
    FIELD(drm_virtgpu_execbuffer, fence_fd);
#ifdef HAVE_MEMBER_drm_virtgpu_execbuffer__ring_idx
    FIELD(drm_virtgpu_execbuffer, ring_idx);
#endif
#ifdef HAVE_MEMBER_drm_virtgpu_execbuffer__syncobj_stride
    FIELD(drm_virtgpu_execbuffer, syncobj_stride);
    FIELD(drm_virtgpu_execbuffer, num_in_syncobjs);
    FIELD(drm_virtgpu_execbuffer, num_out_syncobjs);
    FIELD(drm_virtgpu_execbuffer, in_syncobjs);
    FIELD(drm_virtgpu_execbuffer, out_syncobjs);
#endif

    STRUCT(drm_virtgpu_getparam);
    FIELD(drm_virtgpu_getparam, param);
    FIELD(drm_virtgpu_getparam, value);

    STRUCT(drm_virtgpu_resource_create);
    FIELD(drm_virtgpu_resource_create, target);
    FIELD(drm_virtgpu_resource_create, format);
    FIELD(drm_virtgpu_resource_create, bind);
    FIELD(drm_virtgpu_resource_create, width);
    FIELD(drm_virtgpu_resource_create, height);
    FIELD(drm_virtgpu_resource_create, depth);
    FIELD(drm_virtgpu_resource_create, array_size);
    FIELD(drm_virtgpu_resource_create, last_level);
    FIELD(drm_virtgpu_resource_create, nr_samples);
    FIELD(drm_virtgpu_resource_create, flags);
    FIELD(drm_virtgpu_resource_create, bo_handle);
    FIELD(drm_virtgpu_resource_create, res_handle);
    FIELD(drm_virtgpu_resource_create, size);
    FIELD(drm_virtgpu_resource_create, stride);

    STRUCT(drm_virtgpu_resource_info);
    FIELD(drm_virtgpu_resource_info, bo_handle);
    FIELD(drm_virtgpu_resource_info, res_handle);
    FIELD(drm_virtgpu_resource_info, size);
#ifdef HAVE_MEMBER_drm_virtgpu_resource_info__stride
    FIELD(drm_virtgpu_resource_info, stride);     /* old name of the field at 12 */
#endif
#ifdef HAVE_MEMBER_drm_virtgpu_resource_info__blob_mem
    FIELD(drm_virtgpu_resource_info, blob_mem);
#endif

    STRUCT(drm_virtgpu_3d_box);
    FIELD(drm_virtgpu_3d_box, x);
    FIELD(drm_virtgpu_3d_box, y);
    FIELD(drm_virtgpu_3d_box, z);
    FIELD(drm_virtgpu_3d_box, w);
    FIELD(drm_virtgpu_3d_box, h);
    FIELD(drm_virtgpu_3d_box, d);

    STRUCT(drm_virtgpu_3d_transfer_to_host);
    FIELD(drm_virtgpu_3d_transfer_to_host, bo_handle);
    FIELD(drm_virtgpu_3d_transfer_to_host, box);
    FIELD(drm_virtgpu_3d_transfer_to_host, level);
    FIELD(drm_virtgpu_3d_transfer_to_host, offset);
#ifdef HAVE_MEMBER_drm_virtgpu_3d_transfer_to_host__stride
    FIELD(drm_virtgpu_3d_transfer_to_host, stride);
    FIELD(drm_virtgpu_3d_transfer_to_host, layer_stride);
#endif

    STRUCT(drm_virtgpu_3d_transfer_from_host);
    FIELD(drm_virtgpu_3d_transfer_from_host, bo_handle);
    FIELD(drm_virtgpu_3d_transfer_from_host, box);
    FIELD(drm_virtgpu_3d_transfer_from_host, level);
    FIELD(drm_virtgpu_3d_transfer_from_host, offset);
#ifdef HAVE_MEMBER_drm_virtgpu_3d_transfer_from_host__stride
    FIELD(drm_virtgpu_3d_transfer_from_host, stride);
    FIELD(drm_virtgpu_3d_transfer_from_host, layer_stride);
#endif

    STRUCT(drm_virtgpu_3d_wait);
    FIELD(drm_virtgpu_3d_wait, handle);
    FIELD(drm_virtgpu_3d_wait, flags);

    STRUCT(drm_virtgpu_get_caps);
    FIELD(drm_virtgpu_get_caps, cap_set_id);
    FIELD(drm_virtgpu_get_caps, cap_set_ver);
    FIELD(drm_virtgpu_get_caps, addr);
    FIELD(drm_virtgpu_get_caps, size);
    FIELD(drm_virtgpu_get_caps, pad);

#ifdef HAVE_STRUCT_drm_virtgpu_resource_create_blob
    STRUCT(drm_virtgpu_resource_create_blob);
    FIELD(drm_virtgpu_resource_create_blob, blob_mem);
    FIELD(drm_virtgpu_resource_create_blob, blob_flags);
    FIELD(drm_virtgpu_resource_create_blob, bo_handle);
    FIELD(drm_virtgpu_resource_create_blob, res_handle);
    FIELD(drm_virtgpu_resource_create_blob, size);
    FIELD(drm_virtgpu_resource_create_blob, pad);
    FIELD(drm_virtgpu_resource_create_blob, cmd_size);
    FIELD(drm_virtgpu_resource_create_blob, cmd);
    FIELD(drm_virtgpu_resource_create_blob, blob_id);
#endif

#ifdef HAVE_STRUCT_drm_virtgpu_context_set_param
    STRUCT(drm_virtgpu_context_set_param);
    FIELD(drm_virtgpu_context_set_param, param);
    FIELD(drm_virtgpu_context_set_param, value);
#endif

#ifdef HAVE_STRUCT_drm_virtgpu_context_init
    STRUCT(drm_virtgpu_context_init);
    FIELD(drm_virtgpu_context_init, num_params);
    FIELD(drm_virtgpu_context_init, pad);
    FIELD(drm_virtgpu_context_init, ctx_set_params);
#endif

    /* ---- include/uapi/drm/vgem_drm.h (kernel headers only) */
#ifdef HAVE_STRUCT_drm_vgem_fence_attach
    STRUCT(drm_vgem_fence_attach);
    FIELD(drm_vgem_fence_attach, handle);
    FIELD(drm_vgem_fence_attach, flags);
    FIELD(drm_vgem_fence_attach, out_fence);
    FIELD(drm_vgem_fence_attach, pad);
#endif
#ifdef HAVE_STRUCT_drm_vgem_fence_signal
    STRUCT(drm_vgem_fence_signal);
    FIELD(drm_vgem_fence_signal, fence);
    FIELD(drm_vgem_fence_signal, flags);
#endif

    /* ---- include/uapi/drm/panthor_drm.h (kernel headers only; the rows that 6.12 already has) */
#ifdef HAVE_STRUCT_drm_panthor_dev_query
    STRUCT(drm_panthor_dev_query);
    FIELD(drm_panthor_dev_query, type);
    FIELD(drm_panthor_dev_query, size);
    FIELD(drm_panthor_dev_query, pointer);
#endif
#ifdef HAVE_STRUCT_drm_panthor_csif_info
    STRUCT(drm_panthor_csif_info);
    FIELD(drm_panthor_csif_info, csg_slot_count);
    FIELD(drm_panthor_csif_info, cs_slot_count);
    FIELD(drm_panthor_csif_info, cs_reg_count);
    FIELD(drm_panthor_csif_info, scoreboard_slot_count);
    FIELD(drm_panthor_csif_info, unpreserved_cs_reg_count);
    FIELD(drm_panthor_csif_info, pad);
#endif
#ifdef HAVE_STRUCT_drm_panthor_vm_create
    STRUCT(drm_panthor_vm_create);
    FIELD(drm_panthor_vm_create, flags);
    FIELD(drm_panthor_vm_create, id);
    FIELD(drm_panthor_vm_create, user_va_range);
#endif
#ifdef HAVE_STRUCT_drm_panthor_vm_destroy
    STRUCT(drm_panthor_vm_destroy);
    FIELD(drm_panthor_vm_destroy, id);
    FIELD(drm_panthor_vm_destroy, pad);
#endif
#ifdef HAVE_STRUCT_drm_panthor_tiler_heap_destroy
    STRUCT(drm_panthor_tiler_heap_destroy);
    FIELD(drm_panthor_tiler_heap_destroy, handle);
    FIELD(drm_panthor_tiler_heap_destroy, pad);
#endif

    /* ---- include/uapi/linux/dma-heap.h */
    STRUCT(dma_heap_allocation_data);
    FIELD(dma_heap_allocation_data, len);
    FIELD(dma_heap_allocation_data, fd);
    FIELD(dma_heap_allocation_data, fd_flags);
    FIELD(dma_heap_allocation_data, heap_flags);

    /* ---- include/uapi/linux/dma-buf.h */
    STRUCT(dma_buf_sync);
    FIELD(dma_buf_sync, flags);

#ifdef HAVE_STRUCT_dma_buf_export_sync_file
    STRUCT(dma_buf_export_sync_file);
    FIELD(dma_buf_export_sync_file, flags);
    FIELD(dma_buf_export_sync_file, fd);
#endif

#ifdef HAVE_STRUCT_dma_buf_import_sync_file
    STRUCT(dma_buf_import_sync_file);
    FIELD(dma_buf_import_sync_file, flags);
    FIELD(dma_buf_import_sync_file, fd);
#endif

    /* ---- include/uapi/linux/sync_file.h */
    STRUCT(sync_merge_data);
    FIELD(sync_merge_data, name);
    FIELD(sync_merge_data, fd2);
    FIELD(sync_merge_data, fence);
    FIELD(sync_merge_data, flags);
    FIELD(sync_merge_data, pad);

    STRUCT(sync_fence_info);
    FIELD(sync_fence_info, obj_name);
    FIELD(sync_fence_info, driver_name);
    FIELD(sync_fence_info, status);
    FIELD(sync_fence_info, flags);
    FIELD(sync_fence_info, timestamp_ns);

    STRUCT(sync_file_info);
    FIELD(sync_file_info, name);
    FIELD(sync_file_info, status);
    FIELD(sync_file_info, flags);
    FIELD(sync_file_info, num_fences);
    FIELD(sync_file_info, pad);
    FIELD(sync_file_info, sync_fence_info);

#ifdef HAVE_STRUCT_sync_set_deadline
    STRUCT(sync_set_deadline);
    FIELD(sync_set_deadline, deadline_ns);
    FIELD(sync_set_deadline, pad);
#endif

    /* ---- include/uapi/linux/udmabuf.h */
    STRUCT(udmabuf_create);
    FIELD(udmabuf_create, memfd);
    FIELD(udmabuf_create, flags);
    FIELD(udmabuf_create, offset);
    FIELD(udmabuf_create, size);

    STRUCT(udmabuf_create_item);
    FIELD(udmabuf_create_item, memfd);
    FIELD(udmabuf_create_item, __pad);
    FIELD(udmabuf_create_item, offset);
    FIELD(udmabuf_create_item, size);

    STRUCT(udmabuf_create_list);
    FIELD(udmabuf_create_list, flags);
    FIELD(udmabuf_create_list, count);
    FLEX(udmabuf_create_list, list);

    /* ---- include/uapi/linux/vfio.h */
    STRUCT(vfio_info_cap_header);
    FIELD(vfio_info_cap_header, id);
    FIELD(vfio_info_cap_header, version);
    FIELD(vfio_info_cap_header, next);

    STRUCT(vfio_group_status);
    FIELD(vfio_group_status, argsz);
    FIELD(vfio_group_status, flags);

    STRUCT(vfio_device_info);
    FIELD(vfio_device_info, argsz);
    FIELD(vfio_device_info, flags);
    FIELD(vfio_device_info, num_regions);
    FIELD(vfio_device_info, num_irqs);
    FIELD(vfio_device_info, cap_offset);
#ifdef HAVE_MEMBER_vfio_device_info__pad
    FIELD(vfio_device_info, pad);
#endif

    STRUCT(vfio_region_info);
    FIELD(vfio_region_info, argsz);
    FIELD(vfio_region_info, flags);
    FIELD(vfio_region_info, index);
    FIELD(vfio_region_info, cap_offset);
    FIELD(vfio_region_info, size);
    FIELD(vfio_region_info, offset);

    STRUCT(vfio_region_sparse_mmap_area);
    FIELD(vfio_region_sparse_mmap_area, offset);
    FIELD(vfio_region_sparse_mmap_area, size);

    STRUCT(vfio_region_info_cap_sparse_mmap);
    FIELD(vfio_region_info_cap_sparse_mmap, header);
    FIELD(vfio_region_info_cap_sparse_mmap, nr_areas);
    FIELD(vfio_region_info_cap_sparse_mmap, reserved);
    FLEX(vfio_region_info_cap_sparse_mmap, areas);

    STRUCT(vfio_region_info_cap_type);
    FIELD(vfio_region_info_cap_type, header);
    FIELD(vfio_region_info_cap_type, type);
    FIELD(vfio_region_info_cap_type, subtype);

    STRUCT(vfio_irq_info);
    FIELD(vfio_irq_info, argsz);
    FIELD(vfio_irq_info, flags);
    FIELD(vfio_irq_info, index);
    FIELD(vfio_irq_info, count);

    STRUCT(vfio_irq_set);
    FIELD(vfio_irq_set, argsz);
    FIELD(vfio_irq_set, flags);
    FIELD(vfio_irq_set, index);
    FIELD(vfio_irq_set, start);
    FIELD(vfio_irq_set, count);
    FLEX(vfio_irq_set, data);

    STRUCT(vfio_pci_dependent_device);
    FIELD(vfio_pci_dependent_device, group_id);
    FIELD(vfio_pci_dependent_device, segment);
    FIELD(vfio_pci_dependent_device, bus);
    FIELD(vfio_pci_dependent_device, devfn);

    STRUCT(vfio_pci_hot_reset_info);
    FIELD(vfio_pci_hot_reset_info, argsz);
    FIELD(vfio_pci_hot_reset_info, flags);
    FIELD(vfio_pci_hot_reset_info, count);
    FLEX(vfio_pci_hot_reset_info, devices);

    STRUCT(vfio_pci_hot_reset);
    FIELD(vfio_pci_hot_reset, argsz);
    FIELD(vfio_pci_hot_reset, flags);
    FIELD(vfio_pci_hot_reset, count);
    FLEX(vfio_pci_hot_reset, group_fds);

    STRUCT(vfio_device_ioeventfd);
    FIELD(vfio_device_ioeventfd, argsz);
    FIELD(vfio_device_ioeventfd, flags);
    FIELD(vfio_device_ioeventfd, offset);
    FIELD(vfio_device_ioeventfd, data);
    FIELD(vfio_device_ioeventfd, fd);
#ifdef HAVE_MEMBER_vfio_device_ioeventfd__reserved
    FIELD(vfio_device_ioeventfd, reserved);
#endif

    STRUCT(vfio_device_feature);
    FIELD(vfio_device_feature, argsz);
    FIELD(vfio_device_feature, flags);
    FLEX(vfio_device_feature, data);

    STRUCT(vfio_device_feature_migration);
    FIELD(vfio_device_feature_migration, flags);

    STRUCT(vfio_device_feature_mig_state);
    FIELD(vfio_device_feature_mig_state, device_state);
    FIELD(vfio_device_feature_mig_state, data_fd);

#ifdef HAVE_STRUCT_vfio_region_dma_range
    STRUCT(vfio_region_dma_range);
    FIELD(vfio_region_dma_range, offset);
    FIELD(vfio_region_dma_range, length);
#endif

#ifdef HAVE_STRUCT_vfio_device_feature_dma_buf
    STRUCT(vfio_device_feature_dma_buf);
    FIELD(vfio_device_feature_dma_buf, region_index);
    FIELD(vfio_device_feature_dma_buf, open_flags);
    FIELD(vfio_device_feature_dma_buf, flags);
    FIELD(vfio_device_feature_dma_buf, nr_ranges);
    FLEX(vfio_device_feature_dma_buf, dma_ranges);
#endif

#ifdef HAVE_STRUCT_vfio_device_bind_iommufd
    STRUCT(vfio_device_bind_iommufd);
    FIELD(vfio_device_bind_iommufd, argsz);
    FIELD(vfio_device_bind_iommufd, flags);
    FIELD(vfio_device_bind_iommufd, iommufd);
    FIELD(vfio_device_bind_iommufd, out_devid);
#ifdef HAVE_MEMBER_vfio_device_bind_iommufd__token_uuid_ptr
    FIELD(vfio_device_bind_iommufd, token_uuid_ptr);
#endif
#endif

#ifdef HAVE_STRUCT_vfio_device_attach_iommufd_pt
    STRUCT(vfio_device_attach_iommufd_pt);
    FIELD(vfio_device_attach_iommufd_pt, argsz);
    FIELD(vfio_device_attach_iommufd_pt, flags);
    FIELD(vfio_device_attach_iommufd_pt, pt_id);
#ifdef HAVE_MEMBER_vfio_device_attach_iommufd_pt__pasid
    FIELD(vfio_device_attach_iommufd_pt, pasid);
#endif
#endif

#ifdef HAVE_STRUCT_vfio_device_detach_iommufd_pt
    STRUCT(vfio_device_detach_iommufd_pt);
    FIELD(vfio_device_detach_iommufd_pt, argsz);
    FIELD(vfio_device_detach_iommufd_pt, flags);
#ifdef HAVE_MEMBER_vfio_device_detach_iommufd_pt__pasid
    FIELD(vfio_device_detach_iommufd_pt, pasid);
#endif
#endif

    STRUCT(vfio_iommu_type1_info);
    FIELD(vfio_iommu_type1_info, argsz);
    FIELD(vfio_iommu_type1_info, flags);
    FIELD(vfio_iommu_type1_info, iova_pgsizes);
    FIELD(vfio_iommu_type1_info, cap_offset);
#ifdef HAVE_MEMBER_vfio_iommu_type1_info__pad
    FIELD(vfio_iommu_type1_info, pad);
#endif

    STRUCT(vfio_iova_range);
    FIELD(vfio_iova_range, start);
    FIELD(vfio_iova_range, end);

    STRUCT(vfio_iommu_type1_info_cap_iova_range);
    FIELD(vfio_iommu_type1_info_cap_iova_range, header);
    FIELD(vfio_iommu_type1_info_cap_iova_range, nr_iovas);
    FIELD(vfio_iommu_type1_info_cap_iova_range, reserved);
    FLEX(vfio_iommu_type1_info_cap_iova_range, iova_ranges);

    STRUCT(vfio_iommu_type1_info_cap_migration);
    FIELD(vfio_iommu_type1_info_cap_migration, header);
    FIELD(vfio_iommu_type1_info_cap_migration, flags);
    FIELD(vfio_iommu_type1_info_cap_migration, pgsize_bitmap);
    FIELD(vfio_iommu_type1_info_cap_migration, max_dirty_bitmap_size);

    STRUCT(vfio_iommu_type1_info_dma_avail);
    FIELD(vfio_iommu_type1_info_dma_avail, header);
    FIELD(vfio_iommu_type1_info_dma_avail, avail);

    STRUCT(vfio_iommu_type1_dma_map);
    FIELD(vfio_iommu_type1_dma_map, argsz);
    FIELD(vfio_iommu_type1_dma_map, flags);
    FIELD(vfio_iommu_type1_dma_map, vaddr);
    FIELD(vfio_iommu_type1_dma_map, iova);
    FIELD(vfio_iommu_type1_dma_map, size);

    STRUCT(vfio_bitmap);
    FIELD(vfio_bitmap, pgsize);
    FIELD(vfio_bitmap, size);
    FIELD(vfio_bitmap, data);

    STRUCT(vfio_iommu_type1_dma_unmap);
    FIELD(vfio_iommu_type1_dma_unmap, argsz);
    FIELD(vfio_iommu_type1_dma_unmap, flags);
    FIELD(vfio_iommu_type1_dma_unmap, iova);
    FIELD(vfio_iommu_type1_dma_unmap, size);
    FLEX(vfio_iommu_type1_dma_unmap, data);

    STRUCT(vfio_iommu_type1_dirty_bitmap);
    FIELD(vfio_iommu_type1_dirty_bitmap, argsz);
    FIELD(vfio_iommu_type1_dirty_bitmap, flags);
    FLEX(vfio_iommu_type1_dirty_bitmap, data);

    STRUCT(vfio_iommu_type1_dirty_bitmap_get);
    FIELD(vfio_iommu_type1_dirty_bitmap_get, iova);
    FIELD(vfio_iommu_type1_dirty_bitmap_get, size);
    FIELD(vfio_iommu_type1_dirty_bitmap_get, bitmap);

    flush_struct();
}

/* ---------------------------------------------------------------- ioctls */

/* Called twice: pass 0 prints the values into "constants", pass 1 prints name → struct into "ioctls". */
static void ioctls(void)
{
    /* drm.h core */
    IOCTL(DRM_IOCTL_VERSION, drm_version);
    IOCTL(DRM_IOCTL_GEM_CLOSE, drm_gem_close);
    IOCTL(DRM_IOCTL_GEM_FLINK, drm_gem_flink);
    IOCTL(DRM_IOCTL_GEM_OPEN, drm_gem_open);
    IOCTL(DRM_IOCTL_GET_CAP, drm_get_cap);
    IOCTL(DRM_IOCTL_SET_CLIENT_CAP, drm_set_client_cap);
    IOCTL0(DRM_IOCTL_SET_MASTER);
    IOCTL0(DRM_IOCTL_DROP_MASTER);
    IOCTL(DRM_IOCTL_PRIME_HANDLE_TO_FD, drm_prime_handle);
    IOCTL(DRM_IOCTL_PRIME_FD_TO_HANDLE, drm_prime_handle);
    /* drm.h syncobj */
    IOCTL(DRM_IOCTL_SYNCOBJ_CREATE, drm_syncobj_create);
    IOCTL(DRM_IOCTL_SYNCOBJ_DESTROY, drm_syncobj_destroy);
    IOCTL(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, drm_syncobj_handle);
    IOCTL(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, drm_syncobj_handle);
    IOCTL(DRM_IOCTL_SYNCOBJ_WAIT, drm_syncobj_wait);
    IOCTL(DRM_IOCTL_SYNCOBJ_RESET, drm_syncobj_array);
    IOCTL(DRM_IOCTL_SYNCOBJ_SIGNAL, drm_syncobj_array);
    IOCTL(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, drm_syncobj_timeline_wait);
    IOCTL(DRM_IOCTL_SYNCOBJ_QUERY, drm_syncobj_timeline_array);
    IOCTL(DRM_IOCTL_SYNCOBJ_TRANSFER, drm_syncobj_transfer);
    IOCTL(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, drm_syncobj_timeline_array);
    /* drm.h: mode (structs in drm_mode.h) */
    IOCTL(DRM_IOCTL_MODE_GETRESOURCES, drm_mode_card_res);
    IOCTL(DRM_IOCTL_MODE_GETCRTC, drm_mode_crtc);
    IOCTL(DRM_IOCTL_MODE_GETENCODER, drm_mode_get_encoder);
    IOCTL(DRM_IOCTL_MODE_GETCONNECTOR, drm_mode_get_connector);
    IOCTL(DRM_IOCTL_MODE_GETPROPERTY, drm_mode_get_property);
    IOCTL(DRM_IOCTL_MODE_GETPROPBLOB, drm_mode_get_blob);
    IOCTL(DRM_IOCTL_MODE_GETFB, drm_mode_fb_cmd);
    IOCTL(DRM_IOCTL_MODE_CREATE_DUMB, drm_mode_create_dumb);
    IOCTL(DRM_IOCTL_MODE_MAP_DUMB, drm_mode_map_dumb);
    IOCTL(DRM_IOCTL_MODE_DESTROY_DUMB, drm_mode_destroy_dumb);
    IOCTL(DRM_IOCTL_MODE_GETPLANERESOURCES, drm_mode_get_plane_res);
    IOCTL(DRM_IOCTL_MODE_GETPLANE, drm_mode_get_plane);
    IOCTL(DRM_IOCTL_MODE_OBJ_GETPROPERTIES, drm_mode_obj_get_properties);
    IOCTL(DRM_IOCTL_MODE_GETFB2, drm_mode_fb_cmd2);
    /* virtgpu_drm.h */
    IOCTL(DRM_IOCTL_VIRTGPU_MAP, drm_virtgpu_map);
    IOCTL(DRM_IOCTL_VIRTGPU_EXECBUFFER, drm_virtgpu_execbuffer);
    IOCTL(DRM_IOCTL_VIRTGPU_GETPARAM, drm_virtgpu_getparam);
    IOCTL(DRM_IOCTL_VIRTGPU_RESOURCE_CREATE, drm_virtgpu_resource_create);
    IOCTL(DRM_IOCTL_VIRTGPU_RESOURCE_INFO, drm_virtgpu_resource_info);
    IOCTL(DRM_IOCTL_VIRTGPU_TRANSFER_FROM_HOST, drm_virtgpu_3d_transfer_from_host);
    IOCTL(DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST, drm_virtgpu_3d_transfer_to_host);
    IOCTL(DRM_IOCTL_VIRTGPU_WAIT, drm_virtgpu_3d_wait);
    IOCTL(DRM_IOCTL_VIRTGPU_GET_CAPS, drm_virtgpu_get_caps);
    /* dma-heap.h, dma-buf.h, sync_file.h, udmabuf.h */
    IOCTL(DMA_HEAP_IOCTL_ALLOC, dma_heap_allocation_data);
    IOCTL(DMA_BUF_IOCTL_SYNC, dma_buf_sync);
    IOCTL0(DMA_BUF_SET_NAME_A);
    IOCTL0(DMA_BUF_SET_NAME_B);
    IOCTL(SYNC_IOC_MERGE, sync_merge_data);
    IOCTL(SYNC_IOC_FILE_INFO, sync_file_info);
    IOCTL(UDMABUF_CREATE, udmabuf_create);
    IOCTL(UDMABUF_CREATE_LIST, udmabuf_create_list);
    /* vfio.h: all _IO, the struct travels with argsz */
    IOCTL0(VFIO_GET_API_VERSION);
    IOCTL0(VFIO_CHECK_EXTENSION);
    IOCTL0(VFIO_SET_IOMMU);
    IOCTL0(VFIO_GROUP_GET_STATUS);
    IOCTL0(VFIO_GROUP_SET_CONTAINER);
    IOCTL0(VFIO_GROUP_UNSET_CONTAINER);
    IOCTL0(VFIO_GROUP_GET_DEVICE_FD);
    IOCTL0(VFIO_DEVICE_GET_INFO);
    IOCTL0(VFIO_DEVICE_GET_REGION_INFO);
    IOCTL0(VFIO_DEVICE_GET_IRQ_INFO);
    IOCTL0(VFIO_DEVICE_SET_IRQS);
    IOCTL0(VFIO_DEVICE_RESET);
    IOCTL0(VFIO_DEVICE_GET_PCI_HOT_RESET_INFO);
    IOCTL0(VFIO_DEVICE_PCI_HOT_RESET);
    IOCTL0(VFIO_DEVICE_QUERY_GFX_PLANE);
    IOCTL0(VFIO_DEVICE_GET_GFX_DMABUF);
    IOCTL0(VFIO_DEVICE_IOEVENTFD);
    IOCTL0(VFIO_DEVICE_FEATURE);
    IOCTL0(VFIO_IOMMU_GET_INFO);
    IOCTL0(VFIO_IOMMU_MAP_DMA);
    IOCTL0(VFIO_IOMMU_UNMAP_DMA);
    IOCTL0(VFIO_IOMMU_ENABLE);
    IOCTL0(VFIO_IOMMU_DISABLE);
    IOCTL0(VFIO_IOMMU_DIRTY_PAGES);
    /* newer than the 6.1-era headers */
#ifdef DRM_IOCTL_SYNCOBJ_EVENTFD
    IOCTL(DRM_IOCTL_SYNCOBJ_EVENTFD, drm_syncobj_eventfd);
#endif
#ifdef DRM_IOCTL_SET_CLIENT_NAME
    IOCTL(DRM_IOCTL_SET_CLIENT_NAME, drm_set_client_name);
#endif
#ifdef DRM_IOCTL_GEM_CHANGE_HANDLE
    IOCTL(DRM_IOCTL_GEM_CHANGE_HANDLE, drm_gem_change_handle);
#endif
#ifdef DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB
    IOCTL(DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB, drm_virtgpu_resource_create_blob);
#endif
#ifdef DRM_IOCTL_VIRTGPU_CONTEXT_INIT
    IOCTL(DRM_IOCTL_VIRTGPU_CONTEXT_INIT, drm_virtgpu_context_init);
#endif
#ifdef DMA_BUF_IOCTL_EXPORT_SYNC_FILE
    IOCTL(DMA_BUF_IOCTL_EXPORT_SYNC_FILE, dma_buf_export_sync_file);
#endif
#ifdef DMA_BUF_IOCTL_IMPORT_SYNC_FILE
    IOCTL(DMA_BUF_IOCTL_IMPORT_SYNC_FILE, dma_buf_import_sync_file);
#endif
#ifdef SYNC_IOC_SET_DEADLINE
    IOCTL(SYNC_IOC_SET_DEADLINE, sync_set_deadline);
#endif
#ifdef VFIO_DEVICE_BIND_IOMMUFD
    IOCTL0(VFIO_DEVICE_BIND_IOMMUFD);
#endif
#ifdef VFIO_DEVICE_ATTACH_IOMMUFD_PT
    IOCTL0(VFIO_DEVICE_ATTACH_IOMMUFD_PT);
#endif
#ifdef VFIO_DEVICE_DETACH_IOMMUFD_PT
    IOCTL0(VFIO_DEVICE_DETACH_IOMMUFD_PT);
#endif
#ifdef VFIO_MIG_GET_PRECOPY_INFO
    IOCTL0(VFIO_MIG_GET_PRECOPY_INFO);
#endif
#ifdef DRM_IOCTL_VGEM_FENCE_ATTACH
    IOCTL(DRM_IOCTL_VGEM_FENCE_ATTACH, drm_vgem_fence_attach);
    IOCTL(DRM_IOCTL_VGEM_FENCE_SIGNAL, drm_vgem_fence_signal);
#endif
#ifdef DRM_IOCTL_PANTHOR_DEV_QUERY
    IOCTL(DRM_IOCTL_PANTHOR_DEV_QUERY, drm_panthor_dev_query);
    IOCTL(DRM_IOCTL_PANTHOR_VM_CREATE, drm_panthor_vm_create);
    IOCTL(DRM_IOCTL_PANTHOR_VM_DESTROY, drm_panthor_vm_destroy);
    IOCTL(DRM_IOCTL_PANTHOR_TILER_HEAP_DESTROY, drm_panthor_tiler_heap_destroy);
#endif
}

/* ---------------------------------------------------------------- other constants */

static void constants(void)
{
#ifdef DRM_VGEM_FENCE_ATTACH
    CONST(DRM_VGEM_FENCE_ATTACH);
    CONST(DRM_VGEM_FENCE_SIGNAL);
    CONST(VGEM_FENCE_WRITE);
#endif
#ifdef DRM_PANTHOR_USER_MMIO_OFFSET_32BIT
    CONST(DRM_PANTHOR_USER_MMIO_OFFSET_32BIT);
    CONST(DRM_PANTHOR_USER_MMIO_OFFSET_64BIT);
    CONST(DRM_PANTHOR_USER_MMIO_OFFSET);
    CONST(DRM_PANTHOR_USER_FLUSH_ID_MMIO_OFFSET);
#endif
    /* drm.h */
    CONST(DRM_IOCTL_BASE);
    CONST(DRM_COMMAND_BASE);
    CONST(DRM_COMMAND_END);
    CONST(DRM_CAP_DUMB_BUFFER);
    CONST(DRM_CAP_VBLANK_HIGH_CRTC);
    CONST(DRM_CAP_DUMB_PREFERRED_DEPTH);
    CONST(DRM_CAP_DUMB_PREFER_SHADOW);
    CONST(DRM_CAP_PRIME);
    CONST(DRM_PRIME_CAP_IMPORT);
    CONST(DRM_PRIME_CAP_EXPORT);
    CONST(DRM_CAP_TIMESTAMP_MONOTONIC);
    CONST(DRM_CAP_ASYNC_PAGE_FLIP);
    CONST(DRM_CAP_CURSOR_WIDTH);
    CONST(DRM_CAP_CURSOR_HEIGHT);
    CONST(DRM_CAP_ADDFB2_MODIFIERS);
    CONST(DRM_CAP_PAGE_FLIP_TARGET);
    CONST(DRM_CAP_CRTC_IN_VBLANK_EVENT);
    CONST(DRM_CAP_SYNCOBJ);
    CONST(DRM_CAP_SYNCOBJ_TIMELINE);
#ifdef DRM_CAP_ATOMIC_ASYNC_PAGE_FLIP
    CONST(DRM_CAP_ATOMIC_ASYNC_PAGE_FLIP);
#endif
    CONST(DRM_CLIENT_CAP_STEREO_3D);
    CONST(DRM_CLIENT_CAP_UNIVERSAL_PLANES);
    CONST(DRM_CLIENT_CAP_ATOMIC);
    CONST(DRM_CLIENT_CAP_ASPECT_RATIO);
    CONST(DRM_CLIENT_CAP_WRITEBACK_CONNECTORS);
#ifdef DRM_CLIENT_CAP_CURSOR_PLANE_HOTSPOT
    CONST(DRM_CLIENT_CAP_CURSOR_PLANE_HOTSPOT);
#endif
#ifdef DRM_CLIENT_CAP_PLANE_COLOR_PIPELINE
    CONST(DRM_CLIENT_CAP_PLANE_COLOR_PIPELINE);
#endif
    CONST(DRM_RDWR);
    CONST(DRM_CLOEXEC);
    CONST(DRM_SYNCOBJ_CREATE_SIGNALED);
    CONST(DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE);
#ifdef DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE
    CONST(DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE);
#endif
    CONST(DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE);
#ifdef DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE
    CONST(DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE);
#endif
    CONST(DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL);
    CONST(DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT);
    CONST(DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE);
#ifdef DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE
    CONST(DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE);
#endif
    CONST(DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED);

    /* drm_mode.h */
    CONST(DRM_DISPLAY_MODE_LEN);
    CONST(DRM_PROP_NAME_LEN);
    CONST(DRM_CONNECTOR_NAME_LEN);
    CONST(DRM_MODE_OBJECT_CRTC);
    CONST(DRM_MODE_OBJECT_CONNECTOR);
    CONST(DRM_MODE_OBJECT_ENCODER);
    CONST(DRM_MODE_OBJECT_MODE);
    CONST(DRM_MODE_OBJECT_PROPERTY);
    CONST(DRM_MODE_OBJECT_FB);
    CONST(DRM_MODE_OBJECT_BLOB);
    CONST(DRM_MODE_OBJECT_PLANE);
    CONST(DRM_MODE_OBJECT_ANY);
    CONST(DRM_MODE_TYPE_PREFERRED);
    CONST(DRM_MODE_TYPE_USERDEF);
    CONST(DRM_MODE_TYPE_DRIVER);
    CONST(DRM_MODE_FLAG_PHSYNC);
    CONST(DRM_MODE_FLAG_NHSYNC);
    CONST(DRM_MODE_FLAG_PVSYNC);
    CONST(DRM_MODE_FLAG_NVSYNC);
    CONST(DRM_MODE_FLAG_INTERLACE);
    CONST(DRM_MODE_FLAG_DBLSCAN);
    CONST(DRM_MODE_FLAG_CSYNC);
    CONST(DRM_MODE_FLAG_PCSYNC);
    CONST(DRM_MODE_FLAG_NCSYNC);
    CONST(DRM_MODE_FLAG_HSKEW);
    CONST(DRM_MODE_FLAG_DBLCLK);
    CONST(DRM_MODE_FLAG_CLKDIV2);
    CONST(DRM_MODE_FLAG_3D_MASK);
    CONST(DRM_MODE_FLAG_PIC_AR_MASK);
    CONST(DRM_MODE_ENCODER_NONE);
    CONST(DRM_MODE_ENCODER_DAC);
    CONST(DRM_MODE_ENCODER_TMDS);
    CONST(DRM_MODE_ENCODER_LVDS);
    CONST(DRM_MODE_ENCODER_TVDAC);
    CONST(DRM_MODE_ENCODER_VIRTUAL);
    CONST(DRM_MODE_ENCODER_DSI);
    CONST(DRM_MODE_ENCODER_DPMST);
    CONST(DRM_MODE_ENCODER_DPI);
    CONST(DRM_MODE_CONNECTOR_Unknown);
    CONST(DRM_MODE_CONNECTOR_VGA);
    CONST(DRM_MODE_CONNECTOR_DVII);
    CONST(DRM_MODE_CONNECTOR_DVID);
    CONST(DRM_MODE_CONNECTOR_DVIA);
    CONST(DRM_MODE_CONNECTOR_Composite);
    CONST(DRM_MODE_CONNECTOR_SVIDEO);
    CONST(DRM_MODE_CONNECTOR_LVDS);
    CONST(DRM_MODE_CONNECTOR_Component);
    CONST(DRM_MODE_CONNECTOR_9PinDIN);
    CONST(DRM_MODE_CONNECTOR_DisplayPort);
    CONST(DRM_MODE_CONNECTOR_HDMIA);
    CONST(DRM_MODE_CONNECTOR_HDMIB);
    CONST(DRM_MODE_CONNECTOR_TV);
    CONST(DRM_MODE_CONNECTOR_eDP);
    CONST(DRM_MODE_CONNECTOR_VIRTUAL);
    CONST(DRM_MODE_CONNECTOR_DSI);
    CONST(DRM_MODE_CONNECTOR_DPI);
#ifdef DRM_MODE_CONNECTOR_WRITEBACK
    CONST(DRM_MODE_CONNECTOR_WRITEBACK);
#endif
#ifdef DRM_MODE_CONNECTOR_SPI
    CONST(DRM_MODE_CONNECTOR_SPI);
#endif
#ifdef DRM_MODE_CONNECTOR_USB
    CONST(DRM_MODE_CONNECTOR_USB);
#endif

    /* virtgpu_drm.h */
    CONST(DRM_VIRTGPU_MAP);
    CONST(DRM_VIRTGPU_EXECBUFFER);
    CONST(DRM_VIRTGPU_GETPARAM);
    CONST(DRM_VIRTGPU_RESOURCE_CREATE);
    CONST(DRM_VIRTGPU_RESOURCE_INFO);
    CONST(DRM_VIRTGPU_TRANSFER_FROM_HOST);
    CONST(DRM_VIRTGPU_TRANSFER_TO_HOST);
    CONST(DRM_VIRTGPU_WAIT);
    CONST(DRM_VIRTGPU_GET_CAPS);
    CONST(VIRTGPU_EXECBUF_FENCE_FD_IN);
    CONST(VIRTGPU_EXECBUF_FENCE_FD_OUT);
#ifdef VIRTGPU_EXECBUF_RING_IDX
    CONST(VIRTGPU_EXECBUF_RING_IDX);
#endif
    CONST(VIRTGPU_PARAM_3D_FEATURES);
    CONST(VIRTGPU_PARAM_CAPSET_QUERY_FIX);
#ifdef VIRTGPU_PARAM_RESOURCE_BLOB
    CONST(VIRTGPU_PARAM_RESOURCE_BLOB);
    CONST(VIRTGPU_PARAM_HOST_VISIBLE);
    CONST(VIRTGPU_PARAM_CROSS_DEVICE);
#endif
#ifdef VIRTGPU_PARAM_CONTEXT_INIT
    CONST(VIRTGPU_PARAM_CONTEXT_INIT);
    CONST(VIRTGPU_PARAM_SUPPORTED_CAPSET_IDs);
#endif
    CONST(VIRTGPU_WAIT_NOWAIT);
    /* linux/virtio_gpu.h: enum virtio_gpu_formats (an enum: no #ifdef possible, present since 4.2) */
    CONST(VIRTIO_GPU_FORMAT_B8G8R8A8_UNORM);
    CONST(VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM);
    CONST(VIRTIO_GPU_FORMAT_A8R8G8B8_UNORM);
    CONST(VIRTIO_GPU_FORMAT_X8R8G8B8_UNORM);
    CONST(VIRTIO_GPU_FORMAT_R8G8B8A8_UNORM);
    CONST(VIRTIO_GPU_FORMAT_X8B8G8R8_UNORM);
    CONST(VIRTIO_GPU_FORMAT_A8B8G8R8_UNORM);
    CONST(VIRTIO_GPU_FORMAT_R8G8B8X8_UNORM);

    /* dma-heap.h */
    CONST(DMA_HEAP_IOC_MAGIC);
    CONST(DMA_HEAP_VALID_FD_FLAGS);
    CONST(DMA_HEAP_VALID_HEAP_FLAGS);

    /* dma-buf.h */
    CONST(DMA_BUF_BASE);
    CONST(DMA_BUF_SYNC_READ);
    CONST(DMA_BUF_SYNC_WRITE);
    CONST(DMA_BUF_SYNC_RW);
    CONST(DMA_BUF_SYNC_START);
    CONST(DMA_BUF_SYNC_END);
    CONST(DMA_BUF_SYNC_VALID_FLAGS_MASK);
    CONST(DMA_BUF_NAME_LEN);

    /* sync_file.h */
    CONST(SYNC_IOC_MAGIC);

    /* udmabuf.h */
    CONST(UDMABUF_FLAGS_CLOEXEC);

    /* vfio.h */
    CONST(VFIO_API_VERSION);
    CONST(VFIO_TYPE);
    CONST(VFIO_BASE);
    CONST(VFIO_TYPE1_IOMMU);
    CONST(VFIO_SPAPR_TCE_IOMMU);
    CONST(VFIO_TYPE1v2_IOMMU);
    CONST(VFIO_DMA_CC_IOMMU);
    CONST(VFIO_EEH);
    CONST(VFIO_SPAPR_TCE_v2_IOMMU);
    CONST(VFIO_NOIOMMU_IOMMU);
    CONST(VFIO_UNMAP_ALL);
    CONST(VFIO_UPDATE_VADDR);
    CONST(VFIO_GROUP_FLAGS_VIABLE);
    CONST(VFIO_GROUP_FLAGS_CONTAINER_SET);
    CONST(VFIO_DEVICE_FLAGS_RESET);
    CONST(VFIO_DEVICE_FLAGS_PCI);
    CONST(VFIO_DEVICE_FLAGS_PLATFORM);
    CONST(VFIO_DEVICE_FLAGS_AMBA);
    CONST(VFIO_DEVICE_FLAGS_CCW);
    CONST(VFIO_DEVICE_FLAGS_AP);
    CONST(VFIO_DEVICE_FLAGS_FSL_MC);
    CONST(VFIO_DEVICE_FLAGS_CAPS);
#ifdef VFIO_DEVICE_FLAGS_CDX
    CONST(VFIO_DEVICE_FLAGS_CDX);
#endif
    CONST(VFIO_REGION_INFO_FLAG_READ);
    CONST(VFIO_REGION_INFO_FLAG_WRITE);
    CONST(VFIO_REGION_INFO_FLAG_MMAP);
    CONST(VFIO_REGION_INFO_FLAG_CAPS);
    CONST(VFIO_REGION_INFO_CAP_SPARSE_MMAP);
    CONST(VFIO_REGION_INFO_CAP_TYPE);
    CONST(VFIO_REGION_INFO_CAP_MSIX_MAPPABLE);
    CONST(VFIO_IRQ_INFO_EVENTFD);
    CONST(VFIO_IRQ_INFO_MASKABLE);
    CONST(VFIO_IRQ_INFO_AUTOMASKED);
    CONST(VFIO_IRQ_INFO_NORESIZE);
    CONST(VFIO_IRQ_SET_DATA_NONE);
    CONST(VFIO_IRQ_SET_DATA_BOOL);
    CONST(VFIO_IRQ_SET_DATA_EVENTFD);
    CONST(VFIO_IRQ_SET_ACTION_MASK);
    CONST(VFIO_IRQ_SET_ACTION_UNMASK);
    CONST(VFIO_IRQ_SET_ACTION_TRIGGER);
    CONST(VFIO_IRQ_SET_DATA_TYPE_MASK);
    CONST(VFIO_IRQ_SET_ACTION_TYPE_MASK);
    /* enum constants: present in every header version, no #ifdef possible */
    CONST(VFIO_PCI_BAR0_REGION_INDEX);
    CONST(VFIO_PCI_BAR1_REGION_INDEX);
    CONST(VFIO_PCI_BAR2_REGION_INDEX);
    CONST(VFIO_PCI_BAR3_REGION_INDEX);
    CONST(VFIO_PCI_BAR4_REGION_INDEX);
    CONST(VFIO_PCI_BAR5_REGION_INDEX);
    CONST(VFIO_PCI_ROM_REGION_INDEX);
    CONST(VFIO_PCI_CONFIG_REGION_INDEX);
    CONST(VFIO_PCI_VGA_REGION_INDEX);
    CONST(VFIO_PCI_NUM_REGIONS);
    CONST(VFIO_PCI_INTX_IRQ_INDEX);
    CONST(VFIO_PCI_MSI_IRQ_INDEX);
    CONST(VFIO_PCI_MSIX_IRQ_INDEX);
    CONST(VFIO_PCI_ERR_IRQ_INDEX);
    CONST(VFIO_PCI_REQ_IRQ_INDEX);
    CONST(VFIO_PCI_NUM_IRQS);
    CONST(VFIO_DEVICE_FEATURE_MASK);
    CONST(VFIO_DEVICE_FEATURE_GET);
    CONST(VFIO_DEVICE_FEATURE_SET);
    CONST(VFIO_DEVICE_FEATURE_PROBE);
    CONST(VFIO_DEVICE_FEATURE_PCI_VF_TOKEN);
    CONST(VFIO_DEVICE_FEATURE_MIGRATION);
    CONST(VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE);
    CONST(VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY);
    CONST(VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY_WITH_WAKEUP);
    CONST(VFIO_DEVICE_FEATURE_LOW_POWER_EXIT);
    CONST(VFIO_DEVICE_FEATURE_DMA_LOGGING_START);
    CONST(VFIO_DEVICE_FEATURE_DMA_LOGGING_STOP);
    CONST(VFIO_DEVICE_FEATURE_DMA_LOGGING_REPORT);
#ifdef VFIO_DEVICE_FEATURE_MIG_DATA_SIZE
    CONST(VFIO_DEVICE_FEATURE_MIG_DATA_SIZE);
#endif
#ifdef VFIO_DEVICE_FEATURE_BUS_MASTER
    CONST(VFIO_DEVICE_FEATURE_BUS_MASTER);
#endif
#ifdef VFIO_DEVICE_FEATURE_DMA_BUF
    CONST(VFIO_DEVICE_FEATURE_DMA_BUF);
#endif
    CONST(VFIO_IOMMU_INFO_PGSIZES);
    CONST(VFIO_IOMMU_INFO_CAPS);
    CONST(VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE);
    CONST(VFIO_IOMMU_TYPE1_INFO_CAP_MIGRATION);
    CONST(VFIO_IOMMU_TYPE1_INFO_DMA_AVAIL);
    CONST(VFIO_DMA_MAP_FLAG_READ);
    CONST(VFIO_DMA_MAP_FLAG_WRITE);
    CONST(VFIO_DMA_MAP_FLAG_VADDR);
    CONST(VFIO_DMA_UNMAP_FLAG_GET_DIRTY_BITMAP);
    CONST(VFIO_DMA_UNMAP_FLAG_ALL);
    CONST(VFIO_DMA_UNMAP_FLAG_VADDR);
    CONST(VFIO_IOMMU_DIRTY_PAGES_FLAG_START);
    CONST(VFIO_IOMMU_DIRTY_PAGES_FLAG_STOP);
    CONST(VFIO_IOMMU_DIRTY_PAGES_FLAG_GET_BITMAP);
#ifdef VFIO_DEVICE_BIND_FLAG_TOKEN
    CONST(VFIO_DEVICE_BIND_FLAG_TOKEN);
#endif
#ifdef VFIO_DEVICE_ATTACH_PASID
    CONST(VFIO_DEVICE_ATTACH_PASID);
#endif
#ifdef VFIO_DEVICE_DETACH_PASID
    CONST(VFIO_DEVICE_DETACH_PASID);
#endif
}

int main(void)
{
    printf("{\n  \"headers\": { \"linux_version_code\": %d, \"compiler\": \"gcc %d.%d\", \"lp64\": %s },\n",
           LINUX_VERSION_CODE, __GNUC__, __GNUC_MINOR__, sizeof(long) == 8 ? "true" : "false");
    printf("  \"structs\": {");
    structs();
    printf("\n  },\n  \"constants\": {");
    ioctl_pass = 0;
    ioctls();
    constants();
    printf("\n  },\n  \"ioctls\": {");
    ioctl_pass = 1;
    ioctls();
    printf("\n  }\n}\n");
    if (failed)
        return 1;
    return fflush(stdout) == 0 ? 0 : 1;
}
