"""Locations inside a literal block scalar's text (aws-auth's mapRoles and the like)."""

from eks_lint.engine.locate import Locator
from eks_lint.engine.model import K8sObject, ObjectSource

TEXT = """apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/a
      username: a
  mapUsers: "- userarn: arn:aws:iam::111122223333:user/b\\n"
"""


def locate(path):
    obj = K8sObject({"kind": "ConfigMap"}, ObjectSource("aws-auth.yaml", 0, 1))
    location = Locator({"aws-auth.yaml": TEXT}).locate(obj, path)
    return location.line, location.column


def test_line_and_column_of_the_text_map_onto_the_source():
    assert locate(("data", "mapRoles")) == (7, 13)  # the scalar itself
    assert locate(("data", "mapRoles", 0)) == (8, 5)
    assert locate(("data", "mapRoles", 0, 2)) == (8, 7)
    assert locate(("data", "mapRoles", 1, 2)) == (9, 7)


def test_out_of_range_lines_and_other_scalar_styles_fall_back_to_the_scalar():
    assert locate(("data", "mapRoles", 5)) == (7, 13)
    assert locate(("data", "mapUsers", 0)) == (10, 13)
