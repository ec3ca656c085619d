"""openstacksdk's Glance calls against a cbr-sim server (rest-api.md §7.4).

Lists the images (conn.image.images()), shows the one given (get_image), renames it
(update_image(name=...): a JSON patch), deletes it (delete_image) and asks for it again, which
must be ResourceNotFound. Prints one JSON document; any other exception prints
{"error": class, "details": message} and exits 1.
"""
import json
import sys

import openstack
from openstack import exceptions


def summary(image):
    return {
        'id': image.id, 'name': image.name, 'status': image.status, 'visibility': image.visibility,
        'min_disk': image.min_disk, 'disk_format': image.disk_format,
        # IMS's own keys are unknown to openstacksdk: it keeps them in properties.
        'properties': {k: v for k, v in (image.properties or {}).items() if k.startswith('__')},
    }


def main(image_id):
    conn = openstack.connect(cloud='cbr-sim')
    out = {'listed': [summary(i) for i in conn.image.images()]}
    out['shown'] = summary(conn.image.get_image(image_id))
    renamed = conn.image.update_image(image_id, name='renamed-by-openstacksdk')
    out['renamed'] = summary(renamed)
    out['shown_after_rename'] = summary(conn.image.get_image(image_id))
    conn.image.delete_image(image_id, ignore_missing=False)
    try:
        conn.image.get_image(image_id)
        out['after_delete'] = 'still there'
    except exceptions.ResourceNotFound as e:
        out['after_delete'] = {'error': 'ResourceNotFound', 'status': e.status_code, 'details': e.details}
    print(json.dumps(out))


if __name__ == '__main__':
    try:
        main(sys.argv[1])
    except Exception as e:  # the runner reads the class and the message
        print(json.dumps({'error': type(e).__name__, 'details': str(getattr(e, 'details', None) or e)}))
        sys.exit(1)
